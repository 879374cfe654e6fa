using Npgsql;
using Slipway.Diagnostics;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// The lease lock (<see cref="LeaseLock"/>): no session state at all, so the session runs behind a
/// transaction pooler; each change's transaction renews the lease and keeps its row locked until COMMIT.
/// </summary>
internal sealed class LeaseLocker(NpgsqlConnection connection, NpgsqlDataSource side, HistoryTable table, TimeSpan duration, string displayName) : IPostgresLocker
{
    private LeaseLock? _lease;

    public bool OwnsConnection => false;

    public async Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        try
        {
            _lease = await LeaseLock.AcquireAsync(connection, side, new LeaseSql(table), duration, wait, displayName, cancellationToken);
            return _lease;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            throw PostgresErrors.PoolerOrTimeout(ex, "taking the migration lease") ?? PostgresErrors.Map(ex, connection, "the migration lease", null);
        }
    }

    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) =>
        _lease is { IsLost: true } ? Task.FromException(_lease.Lost()) : Task.CompletedTask;

    public NpgsqlBatchCommand? Renewal() => _lease?.Renewal();

    public LockLostException? LostBy(PostgresException error) => _lease?.LostBy(error);
}
