using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Fleet.Tests;

/// <summary>SIGTERM stops a fleet run as it stops a single database, and says how far the run got.</summary>
[Trait("Category", "Timing")]
public sealed class FleetSigtermTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_rolls_back_the_running_targets_reports_how_far_the_run_got_and_exits_6()
    {
        // The first two tenants in target order apply at once; every other one sleeps in V2 as long as
        // public.sleep_control says.
        const string Slow = "SELECT pg_sleep(CASE WHEN current_schema() IN ('tenant_0001', 'tenant_0002') THEN 0 ELSE (SELECT seconds FROM public.sleep_control) END);\nCREATE TABLE half_done (id int);\n";
        await using var fleet = await TenantDatabase.CreateAsync(8, [("V1__a.sql", "CREATE TABLE a (id int);\n"), ("V2__slow.sql", Slow)], "fleetterm");
        await fleet.Database.ExecuteAsync("CREATE TABLE public.sleep_control (seconds float8); INSERT INTO public.sleep_control VALUES (60)");

        var result = await InterruptAsync(fleet);
        Assert.Contains("Fleet migrate interrupted: 2 of 8 target(s) ended (2 succeeded, 0 failed)", result.All, StringComparison.Ordinal);
        var counts = await fleet.HistoryCountsAsync();
        Assert.Equal([2, 2, 1, 1, 0, 0, 0, 0], fleet.Tenants.Select(t => counts[t]));
        Assert.Equal(["tenant_0001", "tenant_0002"], await fleet.Database.ColumnAsync("SELECT schemaname FROM pg_tables WHERE tablename = 'half_done' ORDER BY 1"));

        // Again with JSON output: the first two are up to date, the next two sleep in V2 again.
        result = await InterruptAsync(fleet, "--log-format", "json");
        var interrupted = Assert.Single(result.Stdout.Split('\n'), line => line.Contains("\"event\":\"fleet_interrupted\"", StringComparison.Ordinal));
        Assert.Contains("\"ended\":2", interrupted, StringComparison.Ordinal);
        Assert.Contains("\"failed\":0", interrupted, StringComparison.Ordinal);
        counts = await fleet.HistoryCountsAsync();
        Assert.Equal([2, 2, 1, 1, 0, 0, 0, 0], fleet.Tenants.Select(t => counts[t]));

        await fleet.Database.ExecuteAsync("UPDATE public.sleep_control SET seconds = 0");
        var rerun = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(2, counts[t]));
        Assert.Equal(1, await fleet.MaxRowsPerVersionAsync());
    }

    /// <summary>Starts a fleet run, waits until two targets sleep in V2, sends SIGTERM and checks the exit.</summary>
    private async Task<ProcessResult> InterruptAsync(TenantDatabase fleet, params string[] extra)
    {
        using var process = SlipwayProcess.Start(fleet.Directory.Path, fleet.Environment, ["fleet", "migrate", "--targets", "targets.txt", "--parallel", "2", .. extra]);
        var deadline = Stopwatch.StartNew();
        while (await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(CASE%' AND clock_timestamp() - query_start > interval '0.2 s'") < 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.Process.HasExited, process.Stdout);
            await Task.Delay(50);
        }

        return await SlipwayRunner.InterruptAsync(process, output.WriteLine);
    }
}
