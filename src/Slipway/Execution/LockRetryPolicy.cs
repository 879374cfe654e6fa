namespace Slipway.Execution;

/// <summary>
/// How the engine retries a migration that hit its <c>lock_timeout</c>: exponential backoff with jitter
/// so runners and traffic bursts do not retry in lock-step.
/// </summary>
/// <param name="MaxRetries">Retries after the first attempt; 0 fails at the first lock timeout.</param>
/// <param name="BaseDelay">The delay before the first retry; doubled for each further retry.</param>
/// <param name="MaxDelay">The cap on one delay.</param>
public sealed record LockRetryPolicy(int MaxRetries = 10, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null)
{
    /// <summary>10 retries, starting at 500 ms, capped at 30 s.</summary>
    public static LockRetryPolicy Default { get; } = new();

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1-based): half of the exponential step
    /// plus a random part of the other half ("equal jitter"), so it never drops to zero.
    /// </summary>
    public TimeSpan DelayFor(int retry, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var baseDelay = BaseDelay ?? TimeSpan.FromMilliseconds(500);
        var maxDelay = MaxDelay ?? TimeSpan.FromSeconds(30);
        var exponent = Math.Min(Math.Max(retry - 1, 0), 20);
        var step = Math.Min(baseDelay.Ticks * (1L << exponent), maxDelay.Ticks);
        return TimeSpan.FromTicks(step / 2 + (long)(random.NextDouble() * (step / 2)));
    }
}
