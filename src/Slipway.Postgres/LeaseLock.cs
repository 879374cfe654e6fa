using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Locking;

namespace Slipway.Postgres;

/// <summary>
/// The migration lock as a lease row: taken, renewed and released in short transactions, so it needs no
/// session state and stays correct behind PgBouncer in transaction pooling mode. A heartbeat on a second
/// connection renews it every third of its duration; every migration transaction renews it too and keeps
/// the row locked until it commits, so nobody can take over while a migration is in flight. A holder
/// that dies stops renewing and its lease expires by itself.
/// </summary>
internal sealed class LeaseLock : IAsyncDisposable
{
    private static readonly TimeSpan AcquireLockTimeout = TimeSpan.FromMilliseconds(200);

    private readonly SideConnections _side;
    private readonly LeaseSql _sql;
    private readonly string _owner;
    private readonly long _durationMs;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private volatile bool _lost;

    private LeaseLock(SideConnections side, LeaseSql sql, string owner, TimeSpan duration)
    {
        _side = side;
        _sql = sql;
        _owner = owner;
        _durationMs = Math.Max(1, (long)duration.TotalMilliseconds);
        _heartbeat = Task.Run(() => HeartbeatAsync(TimeSpan.FromTicks(duration.Ticks / 3), _stop.Token));
    }

    /// <summary>True once a heartbeat found the lease owned by someone else.</summary>
    public bool IsLost => _lost;

    /// <summary>Takes the lease when it is free or expired; otherwise says who holds it. Never waits for the holder.</summary>
    public static async Task<LockAttempt> TryAcquireAsync(NpgsqlConnection connection, SideConnections side, LeaseSql sql, TimeSpan duration, CancellationToken cancellationToken)
    {
        await CreateTableAsync(connection, sql, cancellationToken);
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
        var (acquired, holder) = await TryAcquireAsync(connection, sql, owner, Math.Max(1, (long)duration.TotalMilliseconds), cancellationToken);
        return acquired ? LockAttempt.Taken(new LeaseLock(side, sql, owner, duration)) : LockAttempt.Busy(holder);
    }

    /// <summary>
    /// Returns once nobody holds an unexpired lease, polling with plain reads (they never wait for the
    /// holder's row lock, and behind a transaction pooler each is one short transaction).
    /// </summary>
    public static Task WaitUntilFreeAsync(NpgsqlConnection connection, LeaseSql sql, TimeSpan wait, string displayName, CancellationToken cancellationToken) =>
        LockPolling.UntilFreeAsync(
            async ct => await HolderAsync(connection, sql, string.Empty, ct) is null,
            wait,
            async ct => new LockTimeoutException(
                $"Another runner held the migration lease on {displayName} ({sql.Name}) for longer than {DurationText.Format(wait)}{await DescribeHolderAsync(connection, sql, ct)}. "
                + "Raise the lock wait, or check that runner; the lease of a dead runner expires by itself after the lease duration."),
            cancellationToken);

    /// <summary>
    /// A statement for a migration's transaction: extends the lease and keeps its row locked until commit,
    /// so no runner can take over mid-migration; fails (see <see cref="LostBy"/>) when the lease is gone.
    /// </summary>
    public NpgsqlBatchCommand Renewal() =>
        new(_sql.RenewOrFail()) { Parameters = { new() { Value = _sql.Name }, new() { Value = _owner }, new() { Value = _durationMs } } };

    /// <summary>The loss a failed <see cref="Renewal"/> means (and from then on this lease is lost); null for other errors.</summary>
    public LockLostException? LostBy(PostgresException error)
    {
        if (error.SqlState != PostgresErrorCodes.DivisionByZero || !string.Equals(error.BatchCommand?.CommandText, _sql.RenewOrFail(), StringComparison.Ordinal))
        {
            return null;
        }

        _lost = true;
        return Lost();
    }

    /// <summary>The error that says this run lost its lease.</summary>
    public LockLostException Lost() =>
        new($"This run lost its migration lease on {_sql.Name} (it expired and another runner took it over); stopped before applying anything else. The other runner continues.");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _heartbeat;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next beat.
        }

        _stop.Dispose();
        if (_lost)
        {
            return;
        }

        try
        {
            // A fresh connection: the session's own may be broken, and releasing early spares the next runner the expiry wait.
            await using var connection = await _side.OpenConnectionAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand(_sql.Release(), connection) { Parameters = { new() { Value = _sql.Name }, new() { Value = _owner } } };
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The lease expires by itself.
        }
    }

    private static async Task CreateTableAsync(NpgsqlConnection connection, LeaseSql sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql.Create(), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateObject)
        {
            // Another runner created it at the same moment (IF NOT EXISTS is not race-free).
        }
    }

    private static async Task<(bool Acquired, string? Holder)> TryAcquireAsync(NpgsqlConnection connection, LeaseSql sql, string owner, long durationMs, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // Check with a plain read first: waiters must not sit on the row lock (and, behind a
            // transaction pooler, on a scarce server connection) while the holder is alive.
            await using (var timeout = new NpgsqlCommand(LeaseSql.LocalLockTimeout(AcquireLockTimeout), connection))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken);
            }

            if (await HolderAsync(connection, sql, owner, cancellationToken) is { } holder)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (false, holder);
            }

            await using var command = new NpgsqlCommand(sql.Acquire(), connection) { Parameters = { new() { Value = sql.Name }, new() { Value = owner }, new() { Value = durationMs } } };
            var acquired = await command.ExecuteScalarAsync(cancellationToken) is not null;
            await transaction.CommitAsync(cancellationToken);
            return (acquired, null);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // The holder's migration transaction has the row locked: it is alive.
            await transaction.RollbackAsync(cancellationToken);
            return (false, null);
        }
    }

    /// <summary>The holder of an unexpired lease other than <paramref name="owner"/>, described; null when there is none.</summary>
    private static async Task<string?> HolderAsync(NpgsqlConnection connection, LeaseSql sql, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql.HeldByOther(), connection) { Parameters = { new() { Value = sql.Name }, new() { Value = owner } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Describe(reader) : null;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // Nobody ever took a lease here.
            return null;
        }
    }

    private static string Describe(NpgsqlDataReader reader) =>
        string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)}, last heartbeat {reader.GetInt64(1)} ms ago, expires in {reader.GetInt64(2)} ms");

    private static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, LeaseSql sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql.Holder(), connection) { Parameters = { new() { Value = sql.Name } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? "; holder: " + Describe(reader) : string.Empty;
        }
        catch (NpgsqlException)
        {
            return string.Empty;
        }
    }

    private async Task<bool> RenewAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.Renew(), connection) { Parameters = { new() { Value = _sql.Name }, new() { Value = _owner }, new() { Value = _durationMs } } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken stop)
    {
        NpgsqlConnection? connection = null;
        try
        {
            while (!_lost)
            {
                await Task.Delay(interval, stop);
                try
                {
                    connection ??= await _side.OpenConnectionAsync(stop);
                    await using var transaction = await connection.BeginTransactionAsync(stop);
                    await using (var timeout = new NpgsqlCommand(LeaseSql.LocalLockTimeout(AcquireLockTimeout), connection))
                    {
                        await timeout.ExecuteNonQueryAsync(stop);
                    }

                    _lost = !await RenewAsync(connection, stop);
                    await transaction.CommitAsync(stop);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    // Our own migration transaction holds the row and renews it when it commits.
                }
                catch (NpgsqlException)
                {
                    // Try again at the next beat with a new connection; the lease outlives a few missed beats.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
