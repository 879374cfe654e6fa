using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// How one session keeps other runners out: the migration lock, kept apart from the session that runs
/// the SQL so each kind of lock (PostgreSQL advisory lock, PostgreSQL lease, SQLite <c>BEGIN IMMEDIATE</c>)
/// is one type. A session delegates <see cref="IMigrationSession.LockAsync"/>,
/// <see cref="IMigrationSession.TryLockAsync"/> and <see cref="IMigrationSession.WaitUntilFreeAsync"/> to its locker.
/// </summary>
/// <remarks>
/// The contract a provider's locker keeps:
/// <list type="bullet">
/// <item>At most one session per database and history table holds the lock at a time.</item>
/// <item>A holder that dies (killed process, broken connection) releases it by itself: with its session,
/// by an expiry, or because the lock only ever lives inside one transaction.</item>
/// <item>A locker whose lock can be taken away while held (a lease that expired) notices it and says so
/// with <see cref="LockLostException"/> before the session changes anything else.</item>
/// <item>Waiting never holds anything the holder may need (a snapshot, a row lock, a place in a lock
/// queue): waiters poll, so the holder's <c>CREATE INDEX CONCURRENTLY</c> never waits for them.</item>
/// </list>
/// </remarks>
public interface ISessionLocker
{
    /// <summary>
    /// Takes the lock, waiting at most <paramref name="wait"/>; throws <see cref="LockTimeoutException"/>
    /// naming the holder when it can, after that. Disposing the returned handle releases the lock; it
    /// never throws, also when the connection is already gone.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the lock if no other session holds it at this moment, and never waits. When it is held, returns
    /// <see cref="LockAttempt.Busy"/>, naming the holder when the locker can find out without waiting.
    /// </summary>
    Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns as soon as no session holds the lock (its holder released it, or its lease expired) without
    /// taking it, so that every waiter sees the release at about the same moment and can check whether
    /// anything is left to do before one of them takes the lock. Returns at once when the lock is free; throws
    /// <see cref="LockTimeoutException"/> naming the holder when it can, when the lock is still held after
    /// <paramref name="wait"/>.
    /// </summary>
    Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Throws <see cref="LockLostException"/> when this session took the lock and no longer holds it; does
    /// nothing when it holds it or never took it. Costs no round trip: it reports what the locker already
    /// knows (a lease's heartbeat). Inside a change's transaction a provider checks the lock in the same
    /// round trip as the change instead.
    /// </summary>
    Task EnsureHeldAsync(CancellationToken cancellationToken = default);
}
