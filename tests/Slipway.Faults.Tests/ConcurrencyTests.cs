using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>Many runner processes start at once (a Deployment scaled up, every pod migrating on start).</summary>
[Collection(FaultsGroup.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Migrations = 6;

    [Fact]
    public async Task Thirty_two_runners_times_ten_trials_all_exit_0_and_apply_each_migration_exactly_once()
    {
        await RunTrialsAsync(trials: 10, bouncer: null);
    }

    [Fact]
    public async Task Thirty_two_runners_in_lease_mode_behind_pgbouncer_times_ten_fresh_databases_all_exit_0_and_apply_each_migration_exactly_once()
    {
        await using var bouncer = await PgBouncer.StartAsync();
        await RunTrialsAsync(trials: 10, bouncer);
    }

    [Fact]
    public async Task Thirty_two_runners_in_lease_mode_share_a_pgbouncer_pool_of_two_server_connections_and_all_exit_0()
    {
        // A waiting runner holds no server connection, so 32 runners get by with two: one for the holder's
        // migration transaction, one for its heartbeat and watchdog and the waiters' short lease checks.
        await using var bouncer = await PgBouncer.StartAsync(poolSize: 2);
        await RunTrialsAsync(trials: 2, bouncer);
    }

    private async Task RunTrialsAsync(int trials, PgBouncer? bouncer)
    {
        using var dir = new TempDirectory();
        FaultMigrations.Write(dir, Migrations, 0.02);
        for (var trial = 0; trial < trials; trial++)
        {
            await using var db = await PostgresServer.CreateDatabaseAsync("conc32");
            var runner = bouncer is null
                ? new SlipwayRunner(dir, db.Url, ("SLIPWAY_LOCK_WAIT", "2min"))
                : new SlipwayRunner(dir, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_WAIT", "2min"), ("SLIPWAY_LOCK_MODE", "lease"));
            var clock = Stopwatch.StartNew();
            var results = await runner.RunAtOnceAsync(32, TimeSpan.FromMinutes(2));
            output.WriteLine($"trial {trial}: 32 runners done in {clock.ElapsedMilliseconds} ms");
            await FaultMigrations.AssertAllSucceededExactlyOnceAsync(results, db, Migrations, bouncer, output);
        }
    }
}
