using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// The session advisory lock (<c>pg_advisory_lock</c>) on a key derived from the history table: the server
/// releases it the moment the session ends, so a killed runner never leaves it behind. Needs a real session.
/// </summary>
internal sealed class AdvisoryLocker(NpgsqlConnection connection, HistoryTable table, string displayName) : IPostgresLocker
{
    private readonly long _key = new PostgresHistorySql(table).LockKey();

    public bool OwnsConnection => true;

    public async Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        // client_connection_check_interval exists from PostgreSQL 14: with it a killed runner's backend
        // notices within a second and releases its locks, instead of at the end of its statement.
        if (connection.PostgreSqlVersion.Major >= 14)
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET client_connection_check_interval = {PostgresTimeouts.ClientCheckMs}"), cancellationToken);
        }

        // Waiters poll pg_try_advisory_lock instead of blocking in pg_advisory_lock: a statement that
        // blocks holds a snapshot, and a CREATE INDEX CONCURRENTLY run by the holder waits for every
        // older snapshot to end, a deadlock the server breaks by failing one of the runners (40P01).
        var clock = Stopwatch.StartNew();
        while (!await TryLockAsync(cancellationToken))
        {
            if (clock.Elapsed >= wait)
            {
                var holder = await DescribeHolderAsync(cancellationToken);
                throw new LockTimeoutException(
                    $"Another runner held the migration lock on {displayName} ({table}) for longer than {DurationText.Format(wait)}{holder}. Raise the lock wait, or check that runner; a lock of a dead process is released with its connection.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 300)), cancellationToken);
        }

        return new AdvisoryLock(connection, _key);
    }

    // A session lock cannot be taken away from a live session; a dead one fails its next statement.
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public NpgsqlBatchCommand? Renewal() => null;

    public LockLostException? LostBy(PostgresException error) => null;

    private async Task<bool> TryLockAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_try_advisory_lock({_key})"), connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string> DescribeHolderAsync(CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'), now() - a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1
            """;
        try
        {
            await using var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = _key } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? string.Create(CultureInfo.InvariantCulture, $"; holder: pid {reader.GetInt32(0)}, application '{reader.GetString(1)}', client {reader.GetString(2)}")
                : string.Empty;
        }
        catch (NpgsqlException)
        {
            return string.Empty;
        }
    }
}
