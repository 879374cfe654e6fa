using System.Globalization;
using MySqlConnector;
using Slipway.Diagnostics;
using Slipway.Locking;

namespace Slipway.MySql;

/// <summary>
/// The session's named lock (<c>GET_LOCK</c>) on a name derived from the database and history table: the
/// server releases it the moment the session ends, so a killed runner never leaves it behind.
/// </summary>
internal sealed class GetLockLocker(Interruptible server, string name, string displayName, string table) : ISessionLocker
{
    /// <summary>
    /// The lock name for <paramref name="database"/> and <paramref name="table"/>: readable, e.g.
    /// <c>slipway:shop.slipway_history</c>, or hashed when longer than the server's limit of 64 characters.
    /// </summary>
    public static string NameFor(string database, string table)
    {
        var readable = "slipway:" + database + "." + table;
        if (readable.Length <= 64)
        {
            return readable;
        }

        // FNV-1a, 64-bit: stable in every process and every Slipway version.
        var hash = 14695981039346656037UL;
        foreach (var c in readable)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return "slipway:" + hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        LockPolling.TakeAsync(this, wait, $"{displayName} ({table})", cancellationToken);

    public async Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default)
    {
        var got = await ScalarAsync("SELECT GET_LOCK(@name, 0)", cancellationToken);
        if (got is null or DBNull)
        {
            throw new SlipwayException($"The server refused the migration lock {name} on {displayName} (GET_LOCK returned NULL: the session was killed or the server is out of memory). Run again.");
        }

        return Convert.ToInt64(got, CultureInfo.InvariantCulture) == 1
            ? LockAttempt.Taken(new GetLock(server.Connection, name))
            : LockAttempt.Busy(await DescribeHolderAsync(cancellationToken));
    }

    // IS_FREE_LOCK only looks: waiters never queue in GET_LOCK, so all of them see the release together and
    // can find that the holder left nothing to do.
    public Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        LockPolling.UntilFreeAsync(
            async ct => Convert.ToInt64(await ScalarAsync("SELECT COALESCE(IS_FREE_LOCK(@name), 0)", ct), CultureInfo.InvariantCulture) == 1,
            wait,
            async ct => LockPolling.TimedOut($"{displayName} ({table})", wait, await DescribeHolderAsync(ct)),
            cancellationToken);

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, server.Connection);
        command.Parameters.AddWithValue("@name", name);
        return await server.RunAsync(() => command.ExecuteScalarAsync(CancellationToken.None), cancellationToken);
    }

    // A session lock cannot be taken away from a live session; a dead one fails its next statement.
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private async Task<string?> DescribeHolderAsync(CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(@name)
            """;
        try
        {
            return await server.RunAsync(async () =>
            {
                await using var command = new MySqlCommand(Sql, server.Connection);
                command.Parameters.AddWithValue("@name", name);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                return await reader.ReadAsync(CancellationToken.None)
                    ? string.Create(CultureInfo.InvariantCulture, $"connection {reader.GetInt64(0)}, user '{reader.GetString(1)}', client {reader.GetString(2)}, in its current state for {reader.GetInt64(3)} s")
                    : null;
            }, cancellationToken);
        }
        catch (MySqlException)
        {
            return null;
        }
    }

    /// <summary>A held named lock; disposing releases it. A dead session releases it by itself.</summary>
    private sealed class GetLock(MySqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }

            try
            {
                await using var command = new MySqlCommand("DO RELEASE_LOCK(@name)", connection);
                command.Parameters.AddWithValue("@name", name);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is MySqlException or InvalidOperationException)
            {
                // A broken connection released the session lock with it.
            }
        }
    }
}
