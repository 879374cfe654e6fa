using System.Diagnostics;
using System.Globalization;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>
/// The runner holding the migration lock dies (SIGKILL, node loss): the runners waiting for it take over
/// within seconds, without a human. Advisory mode: the server releases a session lock with its session
/// (and notices a dead client within a second during a long statement). Lease mode: the lease expires.
/// The waiters are seen trying the lock on the server before the kill, and the takeover is timed on the server's
/// clock, from just before the kill to the first time another runner holds the lock (advisory mode: the start
/// of the transaction it applies V2 in, which it runs only while holding the lock).
/// </summary>
[Collection(FaultsGroup.Name)]
[Trait("Category", "Timing")]
public sealed class TakeoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Waiting_runners_take_over_the_advisory_lock_within_seconds_when_its_holder_is_killed()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("takeover");
        using var dir = new TempDirectory();
        var runner = await PrepareAsync(db, dir, db.Url);

        using var holder = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(holder, "Applying V2__slow.sql");
        const string Advisory = "FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        var holderPid = await db.ScalarAsync<int>($"SELECT pid {Advisory} AND granted");
        // Waiters poll pg_try_advisory_lock: the server's log of their sessions' statements shows them trying.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET log_statement = 'all'");
        var waiters = Enumerable.Range(0, 3).Select(_ => runner.Start()).ToList();
        var serverLog = ServerLog();
        await WaitForAsync(
            async () =>
            {
                var sessions = await db.ColumnAsync($"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'slipway' AND pid <> {holderPid}");
                return sessions.Count(pid => LoggedLines(serverLog, $"[{pid}] ", "pg_try_advisory_lock") > 0) == 3;
            },
            "three runners trying the advisory lock",
            waiters);

        // A waiter that takes the lock applies V2 at once (the sleep is off by then) and may release the
        // lock before a poll of pg_locks sees it: the start of V2's transaction, on the server's clock, in
        // its history row is the lasting trace of the first runner that held the lock after the holder.
        var seconds = await TakeOverAsync(db, holder, waiters, async () =>
            await db.ScalarAsync<double>("SELECT coalesce(max(extract(epoch FROM started_at)), 0)::float8 FROM slipway_history WHERE version = '2' AND success"));

        Assert.True(seconds < 5, $"takeover took {seconds:0.0} s");
    }

    [Fact]
    public async Task Waiting_runners_take_over_the_lease_behind_pgbouncer_within_seconds_when_its_holder_is_killed()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("takeoverlease");
        await using var bouncer = await PgBouncer.StartAsync();
        using var dir = new TempDirectory();
        var runner = await PrepareAsync(db, dir, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_MODE", "lease"), ("SLIPWAY_LEASE_DURATION", "2s"));
        // A waiter holds no connection while it waits: its reads of the lease, logged by the server with
        // the owner (host:pid:nonce) as a parameter, are what shows it waiting. A trigger records, on the
        // server's clock, each time the lease changes hands.
        await db.ExecuteAsync($"""
            ALTER DATABASE "{db.Name}" SET log_statement = 'all';
            CREATE TABLE lease_log (owner text, acquired_at timestamptz);
            CREATE FUNCTION log_lease() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' OR OLD.owner IS DISTINCT FROM NEW.owner THEN
                INSERT INTO public.lease_log VALUES (NEW.owner, NEW.acquired_at);
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER lease_acquired AFTER INSERT OR UPDATE ON slipway_history_lock FOR EACH ROW EXECUTE FUNCTION log_lease();
            """);

        using var holder = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(holder, "Applying V2__slow.sql");
        var holderOwner = await db.ScalarAsync<string>("SELECT owner FROM slipway_history_lock");
        var waiters = Enumerable.Range(0, 3).Select(_ => runner.Start()).ToList();
        var serverLog = ServerLog();
        await WaitForAsync(() => Task.FromResult(waiters.All(w => LoggedLines(serverLog, "parameters: $1 = ", $":{w.Process.Id}:") > 0)), "three runners reading the lease", waiters);

        var seconds = await TakeOverAsync(db, holder, waiters, async () =>
            await db.ScalarAsync<double>($"SELECT coalesce(extract(epoch FROM min(acquired_at)), 0)::float8 FROM lease_log WHERE owner <> '{holderOwner}'"));

        Assert.True(seconds < 6, $"takeover took {seconds:0.0} s");
    }

    /// <summary>Applies V1 (so history and lock tables exist), then adds V2, which sleeps until told not to.</summary>
    private static async Task<SlipwayRunner> PrepareAsync(TestDatabase db, TempDirectory dir, string url, params (string, string)[] settings)
    {
        await db.ExecuteAsync("CREATE TABLE sleep_control (seconds float8); INSERT INTO sleep_control VALUES (60)");
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        var runner = new SlipwayRunner(dir, url, [("SLIPWAY_LOCK_WAIT", "60s"), .. settings]);
        var first = await runner.RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        dir.Write("migrations/V2__slow.sql", "SELECT pg_sleep((SELECT seconds FROM sleep_control));\nCREATE TABLE b (id int);");
        return runner;
    }

    /// <summary>
    /// Kills the holder and returns the seconds, on the server's clock, from just before the kill to the
    /// moment <paramref name="takenOver"/> reports (as a server epoch; 0 while none does) another runner
    /// holding the lock.
    /// </summary>
    private async Task<double> TakeOverAsync(TestDatabase db, RunningProcess holder, List<RunningProcess> waiters, Func<Task<double>> takenOver)
    {
        // The waiters are waiting: none may have the lock while its holder lives.
        await Task.Delay(1000);
        Assert.All(waiters, w => Assert.DoesNotContain("Lock acquired", w.Stdout, StringComparison.Ordinal));
        await db.ExecuteAsync("UPDATE sleep_control SET seconds = 0");

        var killedAt = await db.ScalarAsync<double>("SELECT extract(epoch FROM clock_timestamp())::float8");
        holder.Signal(9);
        double takenAt;
        var clock = Stopwatch.StartNew();
        while ((takenAt = await takenOver()) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no runner took over within 60 s");
            await Task.Delay(20);
        }

        var takeover = takenAt - killedAt;
        var results = await Task.WhenAll(waiters.Select(w => w.WaitAsync(TimeSpan.FromSeconds(60))));
        waiters.ForEach(w => w.Dispose());

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"takeover after the holder was killed (server clock): {takeover * 1000:0} ms"));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Contains(results, r => r.Stdout.Contains("Lock acquired", StringComparison.Ordinal));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        return takeover;
    }

    private static string ServerLog() =>
        Environment.GetEnvironmentVariable("SLIPWAY_TEST_PG_LOG") ?? throw new InvalidOperationException("SLIPWAY_TEST_PG_LOG is not set: run the suite with scripts/test.sh");

    /// <summary>How many lines of the server log hold both texts.</summary>
    private static int LoggedLines(string serverLog, string first, string second)
    {
        using var stream = new FileStream(serverLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(first, StringComparison.Ordinal) && line.Contains(second, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, List<RunningProcess> processes)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"never saw {what}:\n{string.Join("\n---\n", processes.Select(p => p.Stdout))}");
            Assert.DoesNotContain(processes, p => p.Process.HasExited);
            await Task.Delay(20);
        }
    }
}
