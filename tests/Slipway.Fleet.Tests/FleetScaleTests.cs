using System.Diagnostics;
using Xunit.Abstractions;

namespace Slipway.Fleet.Tests;

/// <summary>A fleet of a thousand tenant schemas in one database: applied once each, and a no-op that costs one read.</summary>
public sealed class FleetScaleTests(ThousandTenants thousand, ITestOutputHelper output) : IClassFixture<ThousandTenants>
{
    [Fact]
    public async Task A_thousand_tenant_schemas_reach_the_last_version_with_one_history_row_per_migration_each()
    {
        var run = thousand.FirstRun;
        Assert.True(run.ExitCode == 0, run.ToString()[..Math.Min(4000, run.ToString().Length)]);
        var summary = FleetErrorTests.Summary(run);
        Assert.Equal(ThousandTenants.Count, summary.GetProperty("succeeded").GetInt32());
        Assert.Equal(ThousandTenants.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.GetProperty("versions")[0].GetProperty("version").GetString());
        var counts = await thousand.Fleet.HistoryCountsAsync();
        Assert.All(thousand.Fleet.Tenants, t => Assert.Equal(ThousandTenants.Steps, counts[t]));
        Assert.Equal(1, await thousand.Fleet.MaxRowsPerVersionAsync());
        // The concurrently built index is valid in every tenant.
        Assert.Equal(ThousandTenants.Count, await thousand.Fleet.Database.ScalarAsync<int>(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'items_name' AND i.indisvalid"));
        output.WriteLine($"first run: {summary.GetProperty("duration_ms").GetInt64()} ms");
    }

    [Fact]
    [Trait("Category", "Timing")]
    public async Task A_no_op_over_a_thousand_tenant_schemas_reads_every_history_at_once_within_a_second()
    {
        Assert.True(thousand.FirstRun.ExitCode == 0, "the first run failed");
        var connectionsBefore = await BackendStartsAsync();
        var clock = Stopwatch.StartNew();
        var run = await thousand.Fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--log-format", "json");
        clock.Stop();

        Assert.True(run.ExitCode == 0, run.ToString()[..Math.Min(4000, run.ToString().Length)]);
        var summary = FleetErrorTests.Summary(run);
        var fleetMs = summary.GetProperty("duration_ms").GetInt64();
        output.WriteLine($"no-op: fleet {fleetMs} ms, process {clock.ElapsedMilliseconds} ms");
        Assert.Equal(ThousandTenants.Count, summary.GetProperty("succeeded").GetInt32());
        Assert.True(fleetMs <= 1000, $"a no-op over {ThousandTenants.Count} schemas took {fleetMs} ms");
        // A few connections for the whole read (one per 250 tenants, at most four, read at once), not one per tenant.
        Assert.True(await BackendStartsAsync() - connectionsBefore <= 6, "the no-op opened a session per tenant");
    }

    // Sessions ever opened to the database (pg_stat_database counts them from PostgreSQL 14).
    private Task<long> BackendStartsAsync() =>
        thousand.Fleet.Database.ScalarAsync<long>("SELECT sessions FROM pg_stat_database WHERE datname = current_database()");
}
