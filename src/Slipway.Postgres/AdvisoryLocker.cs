using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Locking;

namespace Slipway.Postgres;

/// <summary>
/// The session advisory lock (<c>pg_advisory_lock</c>) on a key derived from the history table: the server
/// releases it the moment the session ends, so a killed runner never leaves it behind. Needs a real session.
/// </summary>
/// <remarks>
/// Nobody ever blocks in <c>pg_advisory_lock</c>: a statement that blocks holds a snapshot, and a
/// <c>CREATE INDEX CONCURRENTLY</c> run by the holder waits for every older snapshot to end, a deadlock the
/// server breaks by failing one of the runners (40P01). Waiters poll instead, with statements that end at once.
/// </remarks>
/// <param name="connection">The session's connection.</param>
/// <param name="table">The history table the lock guards.</param>
/// <param name="displayName">The target, for messages.</param>
/// <param name="logger">Where a waiter says that it heard the holder release the lock.</param>
/// <param name="clientCheckSet">True when the session has set <c>client_connection_check_interval</c> already (a pooled session, when it opens).</param>
internal sealed class AdvisoryLocker(NpgsqlConnection connection, HistoryTable table, string displayName, ILogger logger, bool clientCheckSet = false) : IPostgresLocker
{
    private readonly long _key = new PostgresHistorySql(table).LockKey();
    private bool _clientCheckSet = clientCheckSet;

    public bool OwnsConnection => true;

    private string Target => $"{displayName} ({table})";

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        LockPolling.TakeAsync(this, wait, Target, cancellationToken);

    public async Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default)
    {
        // client_connection_check_interval exists from PostgreSQL 14: with it a killed runner's backend
        // notices within a second and releases its locks, instead of at the end of its statement.
        if (!_clientCheckSet && connection.PostgreSqlVersion.Major >= 14)
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET client_connection_check_interval = {PostgresTimeouts.ClientCheckMs}"), cancellationToken);
            _clientCheckSet = true;
        }

        return await ScalarAsync<bool>($"SELECT pg_try_advisory_lock({_key})", cancellationToken)
            ? LockAttempt.Taken(new AdvisoryLock(connection, _key))
            : LockAttempt.Busy(await DescribeHolderAsync(cancellationToken));
    }

    // The shared lock is granted only while nobody holds the exclusive one, and is given back in the same
    // statement: waiters see the release together and never stand in the exclusive lock's way for longer
    // than that one statement. Between checks a waiter listens on the lock's channel, where the holder
    // announces its release (see AdvisoryLock), so it checks again at once instead of at its next poll; a
    // holder that dies says nothing, and the polls find its lock gone. Listening holds no snapshot.
    public async Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var channel = AdvisoryLock.ReleaseChannel(_key);
        var released = false;
        var heard = false;
        void OnNotification(object? sender, NpgsqlNotificationEventArgs e) => released |= string.Equals(e.Channel, channel, StringComparison.Ordinal);
        connection.Notification += OnNotification;
        try
        {
            await ListenAsync(channel, cancellationToken);
            await LockPolling.UntilFreeAsync(
                ct => ScalarAsync<bool>($"SELECT CASE WHEN pg_try_advisory_lock_shared({_key}) THEN pg_advisory_unlock_shared({_key}) ELSE false END", ct),
                wait,
                async ct => new LockTimeoutException(
                    $"Another runner held the migration lock on {Target} for longer than {DurationText.Format(wait)}{HolderText(await DescribeHolderAsync(ct))}. Raise the lock wait, or check that runner; a lock of a dead process is released with its connection."),
                cancellationToken,
                async (pause, ct) =>
                {
                    // Heard during the last check (its end delivers what arrived meanwhile): check again now.
                    if (!released)
                    {
                        // The run's token is checked after the pause, not handed to the driver: a pause lasts at most a
                        // quarter second, and the session goes on using the connection afterwards.
                        await connection.WaitAsync(pause, CancellationToken.None);
                    }

                    heard |= released;
                    released = false;
                    ct.ThrowIfCancellationRequested();
                });
        }
        finally
        {
            connection.Notification -= OnNotification;
            await UnlistenQuietlyAsync(channel);
        }

        if (heard)
        {
            Log.LockReleaseHeard(logger);
        }
    }

    // A session lock cannot be taken away from a live session; a dead one fails its next statement.
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public NpgsqlBatchCommand? Renewal() => null;

    public LockLostException? LostBy(PostgresException error) => null;

    private static string HolderText(string? holder) => holder is null ? string.Empty : "; holder: " + holder;

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // A server that refuses LISTEN (a standby in recovery) leaves the waiter polling, as before there was an announcement.
    private async Task ListenAsync(string channel, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync($"LISTEN {channel}", cancellationToken);
        }
        catch (PostgresException)
        {
            // Polls alone still see the release.
        }
    }

    private async Task UnlistenQuietlyAsync(string channel)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync($"UNLISTEN {channel}", CancellationToken.None);
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection listens to nothing any more.
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string?> DescribeHolderAsync(CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'), now() - a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock' AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1
            """;
        try
        {
            await using var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = _key } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? string.Create(CultureInfo.InvariantCulture, $"pid {reader.GetInt32(0)}, application '{reader.GetString(1)}', client {reader.GetString(2)}")
                : null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
