using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>
/// SIGKILL cannot be handled: the runner dies wherever it is. At many points chosen by a seeded random
/// generator (the seed is printed, so a failure can be replayed), afterwards one normal run completes
/// and every migration is applied exactly once. A point is a stage of the run seen in history (or the
/// process start) plus a random delay, so a busy machine slows the run without moving every kill
/// to before its first migration.
/// </summary>
[Collection(FaultsGroup.Name)]
[Trait("Category", "Timing")]
public sealed class SigkillTests(ITestOutputHelper output)
{
    private const int Migrations = 10;
    private const double StepSeconds = 0.08;

    [Fact]
    public async Task A_runner_killed_at_24_random_points_leaves_a_database_the_next_run_completes_exactly_once()
    {
        var points = await KillAtRandomPointsAsync(seed: 20261125, rounds: 4, killsPerRound: 6, bouncer: null);

        Assert.True(points.Select(p => (p.Stage, p.DelayMs)).Distinct().Count() >= 20, "at least 20 distinct kill points");
        Assert.True(points.Select(p => p.Progress).Distinct().Count() >= 4, "kills landed at several stages of the run: " + string.Join(", ", points));
    }

    [Fact]
    public async Task A_runner_in_lease_mode_behind_a_two_connection_pgbouncer_pool_killed_at_20_random_points_leaves_a_database_four_concurrent_next_runs_complete_exactly_once()
    {
        // A pool of two: a killed runner whose server connection PgBouncer did not give back (or gave back
        // mid-transaction) would starve every later run. Each round is a fresh database behind the same PgBouncer.
        await using var bouncer = await PgBouncer.StartAsync(poolSize: 2);
        var points = await KillAtRandomPointsAsync(seed: 4242, rounds: 5, killsPerRound: 4, bouncer, nextRuns: 4);

        Assert.True(points.Select(p => (p.Stage, p.DelayMs)).Distinct().Count() >= 20, "at least 20 distinct kill points");
        Assert.True(points.Select(p => p.Progress).Distinct().Count() >= 4, "kills landed at several stages of the run: " + string.Join(", ", points));
    }

    private async Task<List<KillPoint>> KillAtRandomPointsAsync(int seed, int rounds, int killsPerRound, PgBouncer? bouncer, int nextRuns = 1)
    {
        var random = new Random(seed);
        var points = new List<KillPoint>();
        output.WriteLine($"seed {seed}");
        for (var round = 0; round < rounds; round++)
        {
            await using var db = await PostgresServer.CreateDatabaseAsync("kill");
            using var dir = new TempDirectory();
            FaultMigrations.Write(dir, Migrations, StepSeconds);
            var runner = bouncer is null
                ? new SlipwayRunner(dir, db.Url, ("SLIPWAY_LOCK_WAIT", "30s"))
                : new SlipwayRunner(dir, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_WAIT", "30s"), ("SLIPWAY_LOCK_MODE", "lease"), ("SLIPWAY_LEASE_DURATION", "1500ms"));
            for (var kill = 0; kill < killsPerRound; kill++)
            {
                // -1: from the process start; otherwise once history holds that many rows.
                var stage = random.Next(-1, Migrations - 1);
                var delayMs = random.Next(0, stage < 0 ? 600 : 120);
                using (var victim = runner.Start())
                {
                    var clock = Stopwatch.StartNew();
                    while (stage >= 0 && !victim.Process.HasExited && await ProgressAsync(db) < stage && clock.Elapsed < TimeSpan.FromSeconds(30))
                    {
                        await Task.Delay(10);
                    }

                    await Task.Delay(delayMs);
                    victim.Signal(9);
                    await victim.WaitAsync(TimeSpan.FromSeconds(30));
                }

                var progress = await ProgressAsync(db);
                points.Add(new KillPoint(round, stage, delayMs, progress));
                output.WriteLine($"round {round}: killed {delayMs} ms after {(stage < 0 ? "the start" : $"{stage} migration(s) were recorded")}, with {progress} recorded");
            }

            // The next runs hold a longer lease than the victims: a heartbeat late on a busy machine must
            // not cost them the lease (which would stop them, safely, with exit 3).
            var next = bouncer is null ? runner : new SlipwayRunner(dir, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_WAIT", "60s"), ("SLIPWAY_LOCK_MODE", "lease"), ("SLIPWAY_LEASE_DURATION", "10s"));
            var nextClock = Stopwatch.StartNew();
            var results = await next.RunAtOnceAsync(nextRuns, TimeSpan.FromSeconds(90));
            output.WriteLine($"round {round}: {nextRuns} next run(s) completed in {nextClock.ElapsedMilliseconds} ms");
            await FaultMigrations.AssertAllSucceededExactlyOnceAsync(results, db, Migrations, bouncer, output);
        }

        return points;
    }

    private static async Task<long> ProgressAsync(TestDatabase db) =>
        await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'slipway_history'") == 0
            ? -1
            : await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history");

    private sealed record KillPoint(int Round, int Stage, int DelayMs, long Progress);
}
