using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Locking;

namespace Slipway.Sqlite;

/// <summary>
/// SQLite's lock: <c>BEGIN IMMEDIATE</c>, taken by every change for its own transaction. SQLite allows one
/// writer per file and the session re-checks the history inside that transaction, so there is nothing to
/// hold between changes, nothing to lose, and a dead holder's transaction ends with its connection.
/// </summary>
internal sealed class ImmediateLocker(SqliteConnection connection, TimeSpan busyTimeout) : ISessionLocker
{
    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Begins a change's transaction as the file's only writer, waiting at most the busy timeout for others.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (IsBusy(ex))
        {
            throw Timeout();
        }
    }

    /// <summary>Like <see cref="BeginAsync"/>, as a driver transaction object (for a C# migration's commands).</summary>
    public SqliteTransaction BeginTransaction()
    {
        try
        {
            // Not deferred: BEGIN IMMEDIATE, waiting for other writers up to the connection's busy timeout.
            return connection.BeginTransaction(deferred: false);
        }
        catch (SqliteException ex) when (IsBusy(ex))
        {
            throw Timeout();
        }
    }

    /// <summary>True when another connection held the write lock past the busy timeout (SQLITE_BUSY, SQLITE_LOCKED).</summary>
    public static bool IsBusy(SqliteException error) => error.SqliteErrorCode is 5 or 6;

    /// <summary>The error for a write lock held by another process past the busy timeout.</summary>
    public LockTimeoutException Timeout() =>
        new($"Another process held the write lock on {connection.DataSource} for longer than {DurationText.Format(busyTimeout)}. Raise the lock wait or check that process.");

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
