using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.History;
using Slipway.Locking;

namespace Slipway;

/// <summary>
/// One connection to the target database. Not thread-safe; the engine uses it from one flow.
/// </summary>
public interface IMigrationSession : IAsyncDisposable
{
    /// <summary>
    /// Reads the history, oldest row first, in one round trip. Returns empty, never null, when the
    /// history table does not exist yet. Down scripts are read only when asked (they can be large).
    /// </summary>
    Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the exclusive migration lock for this database and history table, waiting at most
    /// <paramref name="wait"/>; throws <see cref="LockTimeoutException"/> after that. The lock must be
    /// released if the process dies (session lock, lease with expiry). Dispose the handle to release it.
    /// A provider implements it with an <see cref="Locking.ISessionLocker"/>, one per kind of lock.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the exclusive migration lock if nobody holds it at this moment, without waiting; otherwise returns
    /// <see cref="LockAttempt.Busy"/> naming the holder when the provider can tell. See
    /// <see cref="ISessionLocker.TryLockAsync"/>.
    /// </summary>
    Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until nobody holds the migration lock, at most <paramref name="wait"/>, without taking it; throws
    /// <see cref="LockTimeoutException"/> naming the holder after that. See <see cref="ISessionLocker.WaitUntilFreeAsync"/>.
    /// </summary>
    Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Creates the history table (and its schema) when missing; a no-op otherwise. Safe to call concurrently.</summary>
    Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="change"/> in one transaction: the SQL, then its history writes. Before the
    /// SQL, inside the transaction, checks the change is still needed: returns false and changes nothing
    /// when a successful row for the record's version already exists (or, for a repeatable, its latest
    /// row has the same checksum; for a baseline script, a record of kind baseline with a checksum, any
    /// versioned, baseline or repeatable row exists), or when a row in <see cref="ChangeSet.RemoveIds"/> is gone. When
    /// <see cref="ChangeSet.RemoveIds"/> is not empty, that is the only check: the change replaces or
    /// removes exactly those rows (rollback, repair), and the rows are deleted before the record is inserted.
    /// Throws <see cref="MigrationFailedException"/> when the SQL fails (after rolling back) and
    /// <see cref="ConnectionLostException"/> when the connection breaks.
    /// </summary>
    Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one statement (the engine has split the migration already) outside any transaction, in
    /// autocommit, with the given limits. Send it as one statement: never split it again, never wrap it
    /// in a transaction. Repair what an interrupted earlier run of the same statement can leave behind
    /// (PostgreSQL: an INVALID index of a <c>CREATE INDEX CONCURRENTLY</c>) and log it.
    /// Throws like <see cref="ApplyAsync"/>.
    /// </summary>
    Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default);
}
