namespace Slipway.Fleets;

/// <summary>One database (or one schema of a database) of a fleet.</summary>
/// <param name="Provider">The target's provider; each target keeps its own history table and lock.</param>
/// <param name="DisplayName">
/// How messages name the target, without a password, e.g. <c>schema:tenant_42</c> or
/// <c>sqlite:tenants/acme.db</c>. Also the identity a shard is chosen by: keep it stable.
/// </param>
/// <param name="Tenant">The tenant's name (a schema, a database or a file name), for messages and placeholders.</param>
public sealed record FleetTarget(IMigrationProvider Provider, string DisplayName, string Tenant)
{
    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
