using System.Diagnostics;
using MySqlConnector;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// A cancelled call is interrupted on the server with <c>KILL QUERY</c> from a connection of the provider's
/// own, not through the driver's cancellation (which stalls when socket completions run inline): the
/// statement stops, its transaction is rolled back, and the session's connection goes on.
/// </summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task A_cancelled_transactional_change_stops_on_the_server_is_rolled_back_and_the_connection_goes_on()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("interrupt");
        await db.ExecuteAsync("CREATE TABLE a (id int)");
        var provider = new MySqlProvider(MySqlConnectionUrl.Parse(db.Url));
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();

        using var cancel = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var apply = session.ApplyAsync(new ChangeSet { Sql = "INSERT INTO a VALUES (1);\nSELECT SLEEP(60);\nINSERT INTO a VALUES (2);", Record = Record("1") }, cancel.Token);
        await WaitForAsync(db, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE = 'User sleep'", 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the statement ran to its end instead of stopping ({clock.Elapsed})");
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE = 'User sleep'"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM a"));
        Assert.Empty(await session.ReadHistoryAsync(false));

        // The same connection: nothing left of the kill interrupts the next change.
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "INSERT INTO a VALUES (3);\nSELECT SLEEP(0.2);", Record = Record("1") }, CancellationToken.None));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM a"));
        Assert.Single(await session.ReadHistoryAsync(false));
    }

    [Fact]
    public async Task A_call_that_finished_before_its_kill_arrived_keeps_its_result_and_the_kill_reaches_no_later_statement()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("interruptidle");
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var server = new Interruptible(connection, db.ConnectionString);

        using var cancel = new CancellationTokenSource();
        var result = await server.RunAsync(async () =>
        {
            await using var command = new MySqlCommand("SELECT 7", connection);
            var value = Convert.ToInt32(await command.ExecuteScalarAsync());

            // Cancelled once the statement is done: the kill finds the session idle.
            await cancel.CancelAsync();
            return value;
        }, cancel.Token);

        Assert.Equal(7, result);
        await using var next = new MySqlCommand("SELECT SLEEP(0.5) + 2", connection);
        Assert.Equal(2L, Convert.ToInt64(await next.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task A_token_that_cannot_be_cancelled_sends_no_kill_and_a_cancelled_one_runs_nothing()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("interruptnone");
        await using var connection = new MySqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var server = new Interruptible(connection, db.ConnectionString);

        var ran = false;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.RunAsync(() =>
        {
            ran = true;
            return Task.CompletedTask;
        }, cancelled.Token));
        Assert.False(ran);

        Assert.Equal(3L, await server.RunAsync(async () =>
        {
            await using var command = new MySqlCommand("SELECT 3", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }, CancellationToken.None));
    }

    private static async Task WaitForAsync(MariaDbDatabase db, string sql, long expected)
    {
        var clock = Stopwatch.StartNew();
        while (await db.ScalarAsync(sql) != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the statement never started");
            await Task.Delay(20);
        }
    }

    private static HistoryRecord Record(string version) => new()
    {
        Version = MigrationVersion.Parse(version),
        Description = "interrupt",
        Kind = MigrationKind.Versioned,
        Script = $"V{version}__interrupt.sql",
        Checksum = Checksum.Compute(version),
        Success = true,
    };
}
