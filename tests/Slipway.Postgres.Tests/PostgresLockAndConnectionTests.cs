using System.Diagnostics;
using Slipway.Discovery;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

[Trait("Category", "Timing")]
public sealed class PostgresLockAndConnectionTests
{
    [Fact]
    public async Task The_lock_is_exclusive_and_a_bounded_wait_fails_with_a_lock_timeout_naming_the_holder()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("lock");
        var provider = new PostgresProvider(PostgresConnectionUrl.Parse(db.Url));
        await using var holder = await provider.OpenAsync();
        await using var waiter = await provider.OpenAsync();

        await using (await holder.LockAsync(TimeSpan.FromSeconds(5)))
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<LockTimeoutException>(() => waiter.LockAsync(TimeSpan.FromMilliseconds(300)));
            Assert.InRange(clock.ElapsedMilliseconds, 250, 5000);
            Assert.Contains("holder: pid", error.Message, StringComparison.Ordinal);
        }

        await using (await waiter.LockAsync(TimeSpan.FromSeconds(5)))
        {
            // Released by the holder's dispose: the waiter gets it at once.
        }
    }

    [Fact]
    public async Task A_lock_held_by_a_session_that_dies_is_released_with_the_session()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("lockdie");
        var provider = new PostgresProvider(PostgresConnectionUrl.Parse(db.Url));
        var holder = await provider.OpenAsync();
        await holder.LockAsync(TimeSpan.FromSeconds(5));
        var pid = await db.ScalarAsync<int>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1");

        await db.ExecuteAsync($"SELECT pg_terminate_backend({pid})");

        await using var other = await provider.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using (await other.LockAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_until_the_wait_runs_out_then_reported_without_the_password()
    {
        var port = FreePort();
        var provider = new PostgresProvider(PostgresConnectionUrl.Parse($"postgresql://app:hunter2@127.0.0.1:{port}/db"));
        var migrator = new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "SELECT 1"))], new MigratorOptions { ConnectWait = TimeSpan.FromSeconds(1.5) });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => migrator.MigrateAsync());

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.7, 10);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_at_once_as_not_transient()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("auth");
        var url = db.Url.Replace(PostgresServer.Password, "wrong-password", StringComparison.Ordinal);
        var migrator = new Migrator(new PostgresProvider(PostgresConnectionUrl.Parse(url)), [new InMemoryMigrationSource(("V1__a.sql", "SELECT 1"))], new MigratorOptions { ConnectWait = TimeSpan.FromSeconds(30) });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => migrator.MigrateAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(error.IsTransient);
        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_table_lives_in_the_configured_schema_with_a_quoted_name()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("schema");
        var provider = new PostgresProvider(PostgresConnectionUrl.Parse(db.Url, historySchema: "Audit", historyTable: "Schema_History"));
        await new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "CREATE TABLE a (id int)"))]).MigrateAsync();

        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM \"Audit\".\"Schema_History\""));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
