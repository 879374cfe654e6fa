namespace Slipway.Postgres.Tests;

/// <summary>The whole provider contract holds in lease lock mode too (directly against the server).</summary>
public sealed class LeaseModeConformanceTests : PostgresConformanceTests
{
    protected override PostgresOptions Configure(PostgresOptions options) => options with { LockMode = PostgresLockMode.Lease, LeaseDuration = TimeSpan.FromSeconds(3) };
}
