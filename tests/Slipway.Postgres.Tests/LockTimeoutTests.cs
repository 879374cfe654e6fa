using System.Diagnostics;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Postgres.Tests;

/// <summary>
/// A migration must never hold up production traffic for longer than its lock timeout, whatever its
/// SQL does to <c>lock_timeout</c>, and it must get through once the blocker is gone. Waits are measured
/// on the server (how long a statement waited before it ran, how long a lock was waited for), so a busy
/// test machine does not move them.
/// </summary>
[Trait("Category", "Timing")]
public sealed class LockTimeoutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_blocked_alter_is_retried_until_the_blocker_commits_and_selects_never_queue_longer_than_the_lock_timeout()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("locktimeout");
        await db.ExecuteAsync("""
            CREATE TABLE orders (id int PRIMARY KEY, total int);
            INSERT INTO orders SELECT g, g FROM generate_series(1, 100) g;
            CREATE FUNCTION timed_read() RETURNS float8 LANGUAGE plpgsql AS $$
            DECLARE started timestamptz := clock_timestamp();
            BEGIN
              PERFORM sum(total) FROM orders;
              RETURN extract(epoch FROM clock_timestamp() - started);
            END $$;
            """);
        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        var blockerTx = await blocker.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM orders", blocker, blockerTx))
        {
            await read.ExecuteScalarAsync();
        }

        var log = new LogCapture();
        var migrator = Migrator(db, log, ("V1__add_column.sql", "ALTER TABLE orders ADD COLUMN note text;"), retries: 20);
        using var stopReaders = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => MaxSelectLatencyAsync(db.ConnectionString, stopReaders.Token)).ToList();

        var migration = migrator.MigrateAsync();
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await blockerTx.CommitAsync();
        var report = await migration;
        await stopReaders.CancelAsync();
        var worst = (await Task.WhenAll(readers)).Max();

        output.WriteLine($"worst SELECT wait on the server while the migration retried: {worst.TotalMilliseconds:0} ms (lock_timeout {LockTimeout.TotalMilliseconds:0} ms)");
        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'"));
        var retries = log.Entries.Where(e => e.Event == "lock_timeout_retry").ToList();
        Assert.NotEmpty(retries);
        Assert.Contains(retries, r => r.Message.Contains("pid " + blocker.ProcessID, StringComparison.Ordinal) && r.Message.Contains("SELECT count(*) FROM orders", StringComparison.Ordinal));
        // The SELECTs did queue behind the waiting ALTER (the test measures something), but never for longer than the lock timeout.
        Assert.InRange(worst, TimeSpan.FromMilliseconds(300), LockTimeout + TimeSpan.FromMilliseconds(600));
    }

    [Theory]
    [InlineData("RESET lock_timeout;", null)]
    [InlineData("RESET ALL;", null)]
    [InlineData("SET lock_timeout = 0;", null)]
    [InlineData("SET lock_timeout = 0; RESET ALL;", "-- slipway: lock-timeout=700ms\n")]
    [InlineData("SET LOCAL lock_timeout = 0;", "-- slipway: lock-timeout=700ms\n")]
    public async Task A_migration_that_clears_its_lock_timeout_still_gives_up_on_a_held_lock_in_time(string clear, string? directive)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("lockreset");
        await db.ExecuteAsync("CREATE TABLE orders (id int PRIMARY KEY)");
        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        await using var blockerTx = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("LOCK TABLE orders IN ACCESS SHARE MODE", blocker, blockerTx))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var log = new LogCapture();
        var migrator = Migrator(db, log, ("V1__sneaky.sql", $"{directive}{clear}\nALTER TABLE orders ADD COLUMN note text;"), retries: 0);

        // The blocked ALTER as the server sees it: how long it has been waiting for its lock.
        using var stopWatching = new CancellationTokenSource();
        var watcher = LongestLockWaitAsync(db.ConnectionString, "orders", stopWatching.Token);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TableLockTimeoutException>(() => migrator.MigrateAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await stopWatching.CancelAsync();
        var waited = await watcher;

        output.WriteLine($"{clear} {directive?.Trim()}: gave up after {clock.ElapsedMilliseconds} ms; longest lock wait seen on the server {waited.TotalMilliseconds:0} ms");
        // Sampled while it waits, so never more than the real wait: a late sample only makes it smaller.
        // The SQL cleared the server's lock_timeout, so Slipway's watchdog cancels the statement once
        // it has waited the lock timeout plus a 400 ms grace; a second covers the watchdog's polling.
        var limit = directive is null ? LockTimeout : TimeSpan.FromMilliseconds(700);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(100), limit + TimeSpan.FromMilliseconds(1400));
        Assert.Contains("V1__sneaky.sql", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history"));
    }

    [Fact]
    public async Task The_retry_delay_grows_exponentially_with_jitter_and_never_exceeds_the_cap()
    {
        var policy = new LockRetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var random = new Random(42);

        var delays = Enumerable.Range(1, 8).Select(r => policy.DelayFor(r, random)).ToList();

        Assert.InRange(delays[0].TotalMilliseconds, 50, 100);
        Assert.InRange(delays[2].TotalMilliseconds, 200, 400);
        Assert.All(delays.Skip(4), d => Assert.InRange(d.TotalMilliseconds, 500, 1000));
        Assert.True(delays.Distinct().Count() > 4, "jitter makes delays differ");
        await Task.CompletedTask;
    }

    private static Migrator Migrator(TestDatabase db, LogCapture log, (string Name, string Sql) script, int retries)
    {
        var provider = new PostgresProvider(PostgresConnectionUrl.Parse(db.Url) with { SessionDefaults = new ExecutionSettings(LockTimeout) });
        return new Migrator(provider, [new InMemoryMigrationSource(script)], new MigratorOptions
        {
            Defaults = new ExecutionSettings(LockTimeout),
            LockRetries = new LockRetryPolicy(retries, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)),
        }, log);
    }

    /// <summary>Polls pg_locks for the longest wait of an ungranted lock on <paramref name="table"/>, by the server's clock.</summary>
    private static async Task<TimeSpan> LongestLockWaitAsync(string connectionString, string table, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var longest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            await using (var sample = new NpgsqlCommand($"SELECT coalesce(max(extract(epoch FROM clock_timestamp() - waitstart)), 0)::float8 FROM pg_locks WHERE NOT granted AND relation = '{table}'::regclass", connection))
            {
                var waited = TimeSpan.FromSeconds((double)(await sample.ExecuteScalarAsync(CancellationToken.None))!);
                longest = waited > longest ? waited : longest;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return longest;
    }

    private static async Task<TimeSpan> MaxSelectLatencyAsync(string connectionString, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var worst = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            // Timed inside the server, around the read that queues for the table lock: what traffic
            // would wait, without the client's own scheduling delays.
            await using (var select = new NpgsqlCommand("SELECT timed_read()", connection))
            {
                var waited = TimeSpan.FromSeconds((double)(await select.ExecuteScalarAsync(CancellationToken.None))!);
                worst = waited > worst ? waited : worst;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return worst;
    }
}
