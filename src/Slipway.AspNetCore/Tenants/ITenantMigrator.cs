using Slipway.Execution;

namespace Slipway.AspNetCore.Tenants;

/// <summary>
/// Migrates one tenant's schema from application code, e.g. when a tenant signs up. The tenant's schema
/// of the app's database gets its own history table (<c>TENANT.slipway_history</c>) and the migrations run
/// with <c>search_path</c> set to it: the same target as <c>schema:TENANT</c> in <c>slipway fleet</c>, under
/// the same per-tenant lock, so a sign-up during a fleet run applies each migration exactly once.
/// </summary>
public interface ITenantMigrator
{
    /// <summary>
    /// Creates the tenant's schema when missing and applies every pending tenant migration (the sources
    /// added with <see cref="SlipwayOptions.AddTenantMigrationsFolder"/>). Throws
    /// <see cref="Diagnostics.ConfigurationException"/> for a name that is not a schema name or an app
    /// without tenant migrations, and the engine's failures as for any migration.
    /// </summary>
    Task<MigrateReport> MigrateTenantAsync(string tenant, CancellationToken cancellationToken = default);
}
