using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.MySql.Tests;

/// <summary>
/// SIGKILL inside multi-statement DDL migrations, which MySQL cannot run in a transaction: at points
/// chosen by a seeded random generator (the seed is printed, so a failure can be replayed) the runner
/// dies, between statements or while the server runs one. The next run completes, no statement runs
/// twice, and history matches the schema.
/// </summary>
[Collection(ProcessGroup.Name)]
[Trait("Category", "Timing")]
public sealed class SigkillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_runner_killed_at_20_points_inside_ddl_migrations_leaves_a_database_the_next_run_completes_without_repeating_a_statement()
    {
        const int Seed = 20261130;
        var random = new Random(Seed);
        output.WriteLine($"seed {Seed}");
        var points = new List<(long Before, long Target, int DelayMs, long After)>();
        var round = 0;
        while (points.Count < 20)
        {
            await using var db = await MariaDbServer.CreateDatabaseAsync("kill");
            using var dir = new TempDirectory();
            DdlMigrations.Write(dir);
            var runner = new SlipwayRunner(dir, db.Url, ("SLIPWAY_LOCK_WAIT", "30s"));
            long progress;
            while (points.Count < 20 && (progress = await DdlMigrations.ProgressAsync(db)) < DdlMigrations.TotalStatements - 1)
            {
                // A few statements past what is recorded, then a short delay: inside a statement or between two.
                var target = progress + random.Next(1, 5);
                var delayMs = random.Next(0, 150);
                using (var victim = runner.Start())
                {
                    var clock = Stopwatch.StartNew();
                    while (!victim.Process.HasExited && await DdlMigrations.ProgressAsync(db) < target && clock.Elapsed < TimeSpan.FromSeconds(30))
                    {
                        await Task.Delay(5);
                    }

                    await Task.Delay(delayMs);
                    victim.Signal(9);
                    await victim.WaitAsync(TimeSpan.FromSeconds(30));
                }

                var after = await DdlMigrations.ProgressAsync(db);
                points.Add((progress, target, delayMs, after));
                output.WriteLine($"round {round}: killed {delayMs} ms after statement {target} was recorded ({progress} before the run, {after} after the kill)");
            }

            var next = await runner.RunAsync();

            Assert.True(next.ExitCode == 0, next.ToString());
            await DdlMigrations.AssertAppliedExactlyOnceAsync(db);
            round++;
        }

        // How far a run gets before its kill depends on the binary's speed: the NativeAOT build gets further
        // per millisecond, so the spread is checked loosely (at least 8 of 35 statements).
        Assert.True(points.Select(p => p.After).Distinct().Count() >= 8, "kills landed at many statements: " + string.Join(", ", points));
        Assert.True(points.Count(p => p.After > p.Before) >= 15, "most runs recorded progress before they were killed: " + string.Join(", ", points));
    }
}
