using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Slipway.AspNetCore;
using Slipway.AspNetCore.Configuration;
using Slipway.AspNetCore.Health;
using Slipway.AspNetCore.Hosting;
using Slipway.AspNetCore.Metrics;
using Slipway.AspNetCore.Status;
using Slipway.AspNetCore.Tenants;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Slipway in an ASP.NET Core app.</summary>
public static class SlipwayServiceCollectionExtensions
{
    /// <summary>The name of the readiness health check.</summary>
    public const string HealthCheckName = "slipway";

    /// <summary>The name of the meter Slipway's metrics are on: add it to your metrics exporter.</summary>
    public const string MeterName = SlipwayMetrics.MeterName;

    /// <summary>The tag of the readiness health check: map your readiness endpoint to checks with this tag.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds Slipway: options from <c>DATABASE_URL</c> and the <c>Slipway</c> configuration section, then
    /// <paramref name="configure"/>; a health check named <c>slipway</c> tagged <c>ready</c>; the
    /// <c>Slipway</c> meter; migrate-on-startup (on by default only in Development); and an
    /// <see cref="ITenantMigrator"/> for tenant schemas. The provider
    /// (PostgreSQL or SQLite) is chosen from the URL. Invalid options fail the host's start with a
    /// message naming the setting.
    /// </summary>
    public static IServiceCollection AddSlipway(this IServiceCollection services, Action<SlipwayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SlipwayOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SlipwayOptions>, SlipwayConfiguration>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SlipwayOptions>, SourceFactoryResolution>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlipwayOptions>, SlipwayOptionsValidation>());
        services.AddMetrics();
        services.TryAddSingleton<SchemaStatusReader>();
        services.TryAddSingleton<SlipwayMetrics>();
        services.TryAddSingleton<ITenantMigrator, TenantMigrator>();
        services.AddHostedService<StartupMigrationService>();
        services.AddHealthChecks().AddCheck<SlipwayReadinessCheck>(HealthCheckName, tags: [ReadyTag]);
        return services;
    }
}
