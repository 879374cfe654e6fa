using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;

namespace Slipway.Execution;

/// <summary>
/// Runs one attempt of a migration (or of one non-transactional statement) and, when it fails with
/// <see cref="TableLockTimeoutException"/>, waits with backoff and tries again, logging who blocked it.
/// Only safe for attempts that leave nothing behind when they time out: a transactional migration
/// (rolled back) or a single statement that did not start.
/// </summary>
internal sealed class LockTimeoutRetry(LockRetryPolicy policy, ILogger logger, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>How many times an attempt is retried before its lock timeout is final.</summary>
    public int MaxRetries => policy.MaxRetries;

    public async Task<T> RunAsync<T>(string script, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (TableLockTimeoutException ex) when (retry <= policy.MaxRetries)
            {
                var delay = policy.DelayFor(retry, _random);
                Log.LockTimeoutRetry(logger, script, retry, policy.MaxRetries, (long)delay.TotalMilliseconds, ex.Blockers ?? "not visible to this role");
                await Task.Delay(delay, cancellationToken);
            }
            catch (TableLockTimeoutException ex)
            {
                Log.LockTimeoutGaveUp(logger, script, policy.MaxRetries, ex.Blockers ?? "not visible to this role");
                throw new TableLockTimeoutException(
                    script,
                    $"{ex.Message} Gave up after {policy.MaxRetries} retries; the migration was rolled back. Run it when the blocking session is gone, or allow more retries.",
                    ex.Blockers,
                    ex);
            }
        }
    }
}
