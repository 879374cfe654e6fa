using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;

namespace Slipway.Execution;

/// <summary>
/// Opens a session, retrying with exponential backoff while the database is not reachable yet:
/// an init container starts before the database is ready.
/// </summary>
internal static class ConnectionRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static async Task<IMigrationSession> OpenAsync(IMigrationProvider provider, TimeSpan wait, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var session = await provider.OpenAsync(cancellationToken);
                if (attempt > 1)
                {
                    Log.Reachable(logger, attempt);
                }

                return session;
            }
            catch (DatabaseUnreachableException ex) when (ex.IsTransient && clock.Elapsed + delay < wait)
            {
                Log.WaitingForDatabase(logger, attempt, (long)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
