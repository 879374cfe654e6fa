using System.Diagnostics;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.Locking;

/// <summary>The waiting every locker shares: polling with jitter, and taking the lock within a budget.</summary>
internal static class LockPolling
{
    /// <summary>
    /// Polls <paramref name="isFree"/> until it says so; after <paramref name="wait"/> throws what
    /// <paramref name="timeout"/> builds (it names the holder). Checks at least once, also with no wait left.
    /// Between checks it waits <see cref="PollAfter"/>, or calls <paramref name="pause"/> with that time: a
    /// locker that can hear the release returns from it as soon as it does.
    /// </summary>
    public static async Task UntilFreeAsync(
        Func<CancellationToken, Task<bool>> isFree, TimeSpan wait, Func<CancellationToken, Task<LockTimeoutException>> timeout, CancellationToken cancellationToken,
        Func<TimeSpan, CancellationToken, Task>? pause = null)
    {
        var clock = Stopwatch.StartNew();
        for (var poll = 0; !await isFree(cancellationToken); poll++)
        {
            if (clock.Elapsed >= wait)
            {
                throw await timeout(cancellationToken);
            }

            await (pause ?? Task.Delay)(PollAfter(poll), cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="ISessionLocker.LockAsync"/> for any locker: try, and while another session holds the lock,
    /// wait until it is free and try again, all within <paramref name="wait"/>. <paramref name="target"/>
    /// names the database and table for the timeout message.
    /// </summary>
    public static async Task<IAsyncDisposable> TakeAsync(ISessionLocker locker, TimeSpan wait, string target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            var tried = await locker.TryLockAsync(cancellationToken);
            if (tried.Lock is { } held)
            {
                return held;
            }

            await BeforeWaitingAgainAsync(attempt, clock.Elapsed, wait, target, tried.Holder, cancellationToken);
            await locker.WaitUntilFreeAsync(Remaining(wait, clock.Elapsed), cancellationToken);
        }
    }

    /// <summary>
    /// Between a wait that saw the lock free and a new attempt that found it taken again (another waiter was
    /// faster): pause one poll, and give up when the budget is spent, since the wait alone would keep
    /// returning as soon as the lock is free for an instant.
    /// </summary>
    public static async Task BeforeWaitingAgainAsync(int attempt, TimeSpan elapsed, TimeSpan wait, string target, string? holder, CancellationToken cancellationToken)
    {
        if (attempt == 0)
        {
            return;
        }

        if (elapsed >= wait)
        {
            throw TimedOut(target, wait, holder);
        }

        await Task.Delay(PollAfter(attempt), cancellationToken);
    }

    /// <summary>The lock-wait timeout: names what was locked, for how long, and the holder when known.</summary>
    public static LockTimeoutException TimedOut(string target, TimeSpan wait, string? holder) =>
        new($"Another runner held the migration lock on {target} for longer than {DurationText.Format(wait)}{(holder is null ? string.Empty : "; holder: " + holder)}. Raise the lock wait, or check that runner.");

    /// <summary>What is left of a wait budget; zero (check once more, then time out) when it is spent.</summary>
    public static TimeSpan Remaining(TimeSpan wait, TimeSpan elapsed) =>
        wait == Timeout.InfiniteTimeSpan ? wait : wait > elapsed ? wait - elapsed : TimeSpan.Zero;

    /// <summary>
    /// The pause before the next check: 50 ms at first, growing by half each time to at most 250 ms, with
    /// ±25 % jitter so that many waiters do not poll in step. A short wait ends soon after the release; a
    /// long one costs each waiter at most four checks a second, which on a small node leaves the CPU to
    /// the runner that holds the lock.
    /// </summary>
    public static TimeSpan PollAfter(int poll)
    {
        var baseMs = Math.Min(250, 50 * Math.Pow(1.5, Math.Min(poll, 8)));
        return TimeSpan.FromMilliseconds(baseMs * (0.75 + (Random.Shared.NextDouble() / 2)));
    }

}
