using System.Globalization;
using System.Text.Json;
using Slipway.Fleets;
using Slipway.Testing;

namespace Slipway.Fleet.Tests;

/// <summary>
/// A Kubernetes Indexed Job simulated with real processes: each pod gets JOB_COMPLETION_INDEX and
/// SLIPWAY_SHARD_COUNT and runs <c>slipway fleet migrate</c> on its shard.
/// </summary>
public sealed class IndexedJobTests
{
    private const int Tenants = 32;
    private const int Shards = 4;
    private const int Steps = 4;

    [Fact]
    public async Task Four_pods_with_indexes_0_to_3_cover_every_target_exactly_once()
    {
        await using var fleet = await TenantDatabase.CreateAsync(Tenants, Migrations.Series(Steps), "shards");

        var runs = await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => fleet.RunAsync(Pod(fleet, i), "fleet", "migrate", "--targets", "targets.txt", "--log-format", "json")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var seen = runs.SelectMany((r, pod) => Targets(r).Select(t => (Target: t, Pod: pod))).ToList();
        Assert.Equal(Tenants, seen.Count);
        Assert.Equal(fleet.Tenants.Select(t => "schema:" + t).Order(StringComparer.Ordinal), seen.Select(s => s.Target).Order(StringComparer.Ordinal));
        Assert.All(seen, s => Assert.Equal(FleetShard.Of(s.Target, Shards), s.Pod));
        Assert.All(runs, r => Assert.InRange(Targets(r).Count, 1, Tenants - 1));
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(Steps, counts[t]));
        Assert.Equal(1, await fleet.MaxRowsPerVersionAsync());
    }

    [Fact]
    public async Task A_pod_killed_mid_run_and_restarted_completes_its_shard_exactly_once()
    {
        // A slow second migration: the kill lands while the shard is part done.
        var steps = Migrations.Series(Steps).Select(m => m.Name.StartsWith("V2__", StringComparison.Ordinal) ? (m.Name, m.Sql + "SELECT pg_sleep(0.3);\n") : m);
        await using var fleet = await TenantDatabase.CreateAsync(Tenants, steps, "sigkill");
        var shard = fleet.Tenants.Where(t => FleetShard.Of("schema:" + t, Shards) == 1).ToList();

        using (var pod = SlipwayProcess.Start(fleet.Directory.Path, Pod(fleet, 1), "fleet", "migrate", "--targets", "targets.txt", "--parallel", "2"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await fleet.HistoryCountsAsync()).Any(c => c.Value == Steps) && DateTime.UtcNow < deadline && !pod.Process.HasExited)
            {
                await Task.Delay(50);
            }

            pod.Signal(9);
            await pod.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var killed = await fleet.HistoryCountsAsync();
        Assert.Contains(shard, t => killed[t] < Steps);
        Assert.All(fleet.Tenants.Except(shard), t => Assert.Equal(0, killed[t]));

        var restart = await fleet.RunAsync(Pod(fleet, 1), "fleet", "migrate", "--targets", "targets.txt", "--parallel", "2");

        Assert.True(restart.ExitCode == 0, restart.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(shard, t => Assert.Equal(Steps, counts[t]));
        Assert.All(fleet.Tenants.Except(shard), t => Assert.Equal(0, counts[t]));
        Assert.Equal(1, await fleet.MaxRowsPerVersionAsync());
    }

    [Fact]
    public async Task Two_pods_given_the_same_index_apply_each_migration_exactly_once_per_tenant()
    {
        await using var fleet = await TenantDatabase.CreateAsync(Tenants, Migrations.Series(Steps), "twins");
        var shard = fleet.Tenants.Where(t => FleetShard.Of("schema:" + t, Shards) == 2).ToList();

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => fleet.RunAsync(Pod(fleet, 2), "fleet", "migrate", "--targets", "targets.txt", "--parallel", "3")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(shard, t => Assert.Equal(Steps, counts[t]));
        Assert.Equal(1, await fleet.MaxRowsPerVersionAsync());
    }

    [Fact]
    public async Task An_indexed_pod_without_a_shard_count_is_a_configuration_error_that_touches_nothing()
    {
        await using var fleet = await TenantDatabase.CreateAsync(4, Migrations.Series(Steps), "noshards");
        var env = fleet.Environment;
        env["JOB_COMPLETION_INDEX"] = "1";

        var run = await fleet.RunAsync(env, "fleet", "migrate", "--targets", "targets.txt");

        Assert.True(run.ExitCode == 64, run.ToString());
        Assert.Contains("SLIPWAY_SHARD_COUNT", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"));
    }

    private static Dictionary<string, string?> Pod(TenantDatabase fleet, int index)
    {
        var env = fleet.Environment;
        env["JOB_COMPLETION_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
        env["SLIPWAY_SHARD_COUNT"] = Shards.ToString(CultureInfo.InvariantCulture);
        return env;
    }

    private static List<string> Targets(ProcessResult run) =>
        [.. run.Stdout.Split('\n')
            .Where(l => l.Contains("\"event\":\"fleet_target\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("target").GetString()!)];
}
