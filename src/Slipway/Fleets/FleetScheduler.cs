using System.Diagnostics;

namespace Slipway.Fleets;

/// <summary>
/// Runs one operation per target: the canary targets one by one first, then the rest with at most
/// <see cref="FleetOptions.Parallel"/> at once and at most <see cref="FleetOptions.MaxConnectionsPerServer"/>
/// of one server. After a failure under <see cref="FleetErrorPolicy.Stop"/> (or of a canary) no new target
/// starts; running ones finish.
/// </summary>
internal sealed class FleetScheduler(FleetOptions options, IProgress<FleetTargetResult>? progress)
{
    private readonly Dictionary<string, SemaphoreSlim> _servers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _stopped;

    public async Task<FleetTargetResult[]> RunAsync(IReadOnlyList<FleetTarget> targets, Func<FleetTarget, CancellationToken, Task<FleetOutcome>> operation, CancellationToken cancellationToken)
    {
        var results = new FleetTargetResult?[targets.Count];
        var canary = Math.Min(Math.Max(options.Canary, 0), targets.Count);
        for (var i = 0; i < canary && !_stopped; i++)
        {
            results[i] = await RunOneAsync(targets[i], operation, stopOnFailure: true, cancellationToken);
        }

        var next = canary - 1;
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(options.Parallel, targets.Count - canary))).Select(_ => Task.Run(
            async () =>
            {
                int index;
                while (!_stopped && !cancellationToken.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < targets.Count)
                {
                    var server = Server(targets[index]);
                    await server.WaitAsync(cancellationToken);
                    try
                    {
                        if (_stopped)
                        {
                            return;
                        }

                        results[index] = await RunOneAsync(targets[index], operation, options.OnError == FleetErrorPolicy.Stop, cancellationToken);
                    }
                    finally
                    {
                        server.Release();
                    }
                }
            },
            CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var server in _servers.Values)
            {
                server.Dispose();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return [.. results.Select((r, i) => r ?? new FleetTargetResult(targets[i], FleetTargetStatus.NotStarted, null, null, TimeSpan.Zero))];
    }

    private async Task<FleetTargetResult> RunOneAsync(FleetTarget target, Func<FleetTarget, CancellationToken, Task<FleetOutcome>> operation, bool stopOnFailure, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        FleetTargetResult result;
        try
        {
            var outcome = await operation(target, cancellationToken);
            result = new FleetTargetResult(target, FleetTargetStatus.Succeeded, outcome, null, clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // One target's failure is that target's result, whatever its kind; the caller decides what it means.
            _stopped |= stopOnFailure;
            result = new FleetTargetResult(target, FleetTargetStatus.Failed, null, ex, clock.Elapsed);
        }

        progress?.Report(result);
        return result;
    }

    private SemaphoreSlim Server(FleetTarget target)
    {
        var key = target.Provider is IFleetProvider shared ? shared.ServerKey : target.DisplayName;
        lock (_gate)
        {
            if (!_servers.TryGetValue(key, out var server))
            {
                server = new SemaphoreSlim(Math.Max(1, options.MaxConnectionsPerServer));
                _servers[key] = server;
            }

            return server;
        }
    }
}
