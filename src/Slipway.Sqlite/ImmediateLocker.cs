using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Locking;
using SQLitePCL;

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

    // Whether another process writes now: a runner that finds one waits until it is done and reads the
    // history again, instead of queueing for the write lock of every migration only to find each applied.
    public Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(IsWriterActive() ? LockAttempt.Busy(null) : LockAttempt.Taken(NoLock.Instance));

    public Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        LockPolling.UntilFreeAsync(_ => Task.FromResult(!IsWriterActive()), wait, _ => Task.FromResult(Timeout(wait)), cancellationToken);

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
    public LockTimeoutException Timeout() => Timeout(busyTimeout);

    private LockTimeoutException Timeout(TimeSpan waited) =>
        new($"Another process held the write lock on {connection.DataSource} for longer than {DurationText.Format(waited)}. Raise the lock wait or check that process.");

    /// <summary>
    /// True when another connection holds the file's write lock: <c>BEGIN IMMEDIATE</c> without a busy wait,
    /// rolled back at once when it succeeds. Called through the native API, since the driver's own retry
    /// loop would wait on a busy file.
    /// </summary>
    private bool IsWriterActive()
    {
        var handle = connection.Handle;
        raw.sqlite3_busy_timeout(handle, 0);
        try
        {
            var rc = raw.sqlite3_exec(handle, "BEGIN IMMEDIATE");
            if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                return true;
            }

            SqliteException.ThrowExceptionForRC(rc, handle);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(handle, "ROLLBACK"), handle);
            return false;
        }
        finally
        {
            raw.sqlite3_busy_timeout(handle, (int)Math.Min(int.MaxValue, (long)busyTimeout.TotalMilliseconds));
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
