using Microsoft.Extensions.Options;

namespace Slipway.AspNetCore.Configuration;

/// <summary>Turns the sources integrations registered as factories into sources, once the container exists.</summary>
internal sealed class SourceFactoryResolution(IServiceProvider services) : IPostConfigureOptions<SlipwayOptions>
{
    public void PostConfigure(string? name, SlipwayOptions options)
    {
        foreach (var factory in options.SourceFactories)
        {
            options.Sources.Add(factory(services));
        }

        options.SourceFactories.Clear();
    }
}
