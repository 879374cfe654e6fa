using Microsoft.Extensions.Options;

namespace Slipway.AspNetCore.Configuration;

/// <summary>Runs the steps integrations registered (<see cref="SlipwayOptions.Resolvers"/>) once the container exists.</summary>
internal sealed class SourceFactoryResolution(IServiceProvider services) : IPostConfigureOptions<SlipwayOptions>
{
    public void PostConfigure(string? name, SlipwayOptions options)
    {
        foreach (var resolve in options.Resolvers)
        {
            resolve(services, options);
        }

        options.Resolvers.Clear();
    }
}
