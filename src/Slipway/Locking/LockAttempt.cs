namespace Slipway.Locking;

/// <summary>
/// The outcome of one attempt to take the migration lock without waiting: the held lock, or who holds it
/// instead (see <see cref="ISessionLocker.TryLockAsync"/>).
/// </summary>
public sealed class LockAttempt
{
    private LockAttempt(IAsyncDisposable? held, string? holder)
    {
        Lock = held;
        Holder = holder;
    }

    /// <summary>The lock, when it was taken; disposing it releases the lock. Null when another session holds it.</summary>
    public IAsyncDisposable? Lock { get; }

    /// <summary>
    /// Who holds the lock, in a few words an operator can act on (a process, a client address, a lease owner),
    /// when the attempt failed and the locker could tell without waiting; null otherwise.
    /// </summary>
    public string? Holder { get; }

    /// <summary>An attempt that took the lock.</summary>
    public static LockAttempt Taken(IAsyncDisposable held)
    {
        ArgumentNullException.ThrowIfNull(held);
        return new LockAttempt(held, null);
    }

    /// <summary>An attempt that found the lock held by another session (<paramref name="holder"/> when known).</summary>
    public static LockAttempt Busy(string? holder) => new(null, holder);
}
