using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Slipway.AspNetCore.Configuration;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.Fleets;
using Slipway.History;
using Slipway.Postgres;

namespace Slipway.AspNetCore.Tenants;

/// <summary>The engine for one tenant's schema: the same provider, engine and lock as one target of a fleet.</summary>
internal sealed class TenantMigrator(IOptions<SlipwayOptions> options, ILoggerFactory loggers) : ITenantMigrator
{
    public async Task<MigrateReport> MigrateTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var schema = new HistoryTable(schema: tenant).Schema ?? throw new ConfigurationException("A tenant name is required");
        if (settings.TenantSources.Count == 0)
        {
            throw new ConfigurationException("No tenant migrations: add them with AddTenantMigrationsFolder (or TenantSources) in AddSlipway");
        }

        if (settings.DatabaseUrl is not { } url || !PostgresConnectionUrl.IsPostgres(url))
        {
            throw new ConfigurationException("Tenant schemas need a PostgreSQL DATABASE_URL (or Slipway:DatabaseUrl)");
        }

        var provider = ProviderSelector.Create(settings, PostgresConnectionUrl.WithSearchPath(url, schema), schema);
        var migratorOptions = new MigratorOptions
        {
            LockWait = settings.LockWait,
            ConnectWait = settings.ConnectWait,
            Identity = new RunIdentity(Environment.GetEnvironmentVariable("HOSTNAME") ?? Environment.MachineName, settings.AppVersion),
            Placeholders = new Dictionary<string, string>(settings.Placeholders, StringComparer.OrdinalIgnoreCase),
        };

        // ${tenant} as a fleet run sets it for the same target.
        var target = new FleetTarget(provider, "schema:" + schema, schema);
        return await new Migrator(provider, [.. settings.TenantSources], Fleet.For(target, migratorOptions), loggers.CreateLogger<Migrator>()).MigrateAsync(cancellationToken: cancellationToken);
    }
}
