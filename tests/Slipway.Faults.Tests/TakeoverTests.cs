using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>
/// The runner holding the migration lock dies (SIGKILL, node loss): the runners waiting for it take over
/// within seconds, without a human. Advisory mode: the server releases a session lock with its session
/// (and notices a dead client within a second during a long statement). Lease mode: the lease expires.
/// </summary>
[Collection(FaultsGroup.Name)]
public sealed class TakeoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Waiting_runners_take_over_the_advisory_lock_within_seconds_when_its_holder_is_killed()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("takeover");
        var seconds = await TakeoverAsync(db, db.Url);

        Assert.True(seconds < 5, $"takeover took {seconds:0.0} s");
    }

    [Fact]
    public async Task Waiting_runners_take_over_the_lease_behind_pgbouncer_within_seconds_when_its_holder_is_killed()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("takeoverlease");
        await using var bouncer = await PgBouncer.StartAsync();
        var seconds = await TakeoverAsync(db, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_MODE", "lease"), ("SLIPWAY_LEASE_DURATION", "2s"));

        Assert.True(seconds < 6, $"takeover took {seconds:0.0} s");
    }

    private async Task<double> TakeoverAsync(TestDatabase db, string url, params (string, string)[] settings)
    {
        using var dir = new TempDirectory();
        await db.ExecuteAsync("CREATE TABLE sleep_control (seconds float8); INSERT INTO sleep_control VALUES (60)");
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__slow.sql", "SELECT pg_sleep((SELECT seconds FROM sleep_control));\nCREATE TABLE b (id int);");
        var runner = new Runner(dir, url, [("SLIPWAY_LOCK_WAIT", "60s"), .. settings]);

        using var holder = runner.Start();
        await Runner.WaitForOutputAsync(holder, "Applying V2__slow.sql");
        var waiters = Enumerable.Range(0, 3).Select(_ => runner.Start()).ToList();
        await Task.Delay(1000);
        Assert.All(waiters, w => Assert.DoesNotContain("Lock acquired", w.Stdout, StringComparison.Ordinal));
        await db.ExecuteAsync("UPDATE sleep_control SET seconds = 0");

        var clock = Stopwatch.StartNew();
        holder.Signal(9);
        await Task.WhenAny(waiters.Select(w => Runner.WaitForOutputAsync(w, "Lock acquired", TimeSpan.FromSeconds(60))));
        var takeover = clock.Elapsed.TotalSeconds;
        var results = await Task.WhenAll(waiters.Select(w => w.WaitAsync(TimeSpan.FromSeconds(60))));
        waiters.ForEach(w => w.Dispose());

        output.WriteLine($"takeover after the holder was killed: {takeover * 1000:0} ms");
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        return takeover;
    }
}
