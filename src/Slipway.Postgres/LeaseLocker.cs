using Npgsql;
using Slipway.Diagnostics;
using Slipway.History;
using Slipway.Locking;

namespace Slipway.Postgres;

/// <summary>
/// The lease lock (<see cref="LeaseLock"/>): no session state at all, so the session runs behind a
/// transaction pooler; each change's transaction renews the lease and keeps its row locked until COMMIT.
/// </summary>
internal sealed class LeaseLocker(NpgsqlConnection connection, SideConnections side, HistoryTable table, TimeSpan duration, string displayName) : IPostgresLocker
{
    private LeaseLock? _lease;

    public bool OwnsConnection => false;

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        LockPolling.TakeAsync(this, wait, $"{displayName} ({table})", cancellationToken);

    public async Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var attempt = await LeaseLock.TryAcquireAsync(connection, side, new LeaseSql(table), duration, cancellationToken);
            _lease = attempt.Lock as LeaseLock ?? _lease;
            return attempt;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            throw Translate(ex);
        }
    }

    public async Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        try
        {
            await LeaseLock.WaitUntilFreeAsync(connection, new LeaseSql(table), wait, displayName, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            throw Translate(ex);
        }
    }

    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) =>
        _lease is { IsLost: true } ? Task.FromException(_lease.Lost()) : Task.CompletedTask;

    public NpgsqlBatchCommand? Renewal() => _lease?.Renewal();

    public LockLostException? LostBy(PostgresException error) => _lease?.LostBy(error);

    private Exception Translate(Exception ex) =>
        PostgresErrors.PoolerOrTimeout(ex, "taking the migration lease") ?? PostgresErrors.Map(ex, connection, "the migration lease", null);
}
