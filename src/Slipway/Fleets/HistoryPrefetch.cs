using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.History;

namespace Slipway.Fleets;

/// <summary>
/// The histories of a fleet's targets read up front, one read per server (see
/// <see cref="IFleetProvider.ReadHistoriesAsync"/>), so that targets with nothing to do need no session
/// of their own. Only a shortcut: a target whose history is unknown here is read by the engine as usual.
/// </summary>
internal sealed class HistoryPrefetch
{
    private readonly Dictionary<FleetTarget, IReadOnlyList<AppliedMigration>> _histories = new(ReferenceEqualityComparer.Instance);

    private HistoryPrefetch()
    {
    }

    public static async Task<HistoryPrefetch> ReadAsync(IReadOnlyList<FleetTarget> targets, ILogger logger, CancellationToken cancellationToken)
    {
        var prefetch = new HistoryPrefetch();
        foreach (var group in targets.Where(t => t.Provider is IFleetProvider).GroupBy(t => ((IFleetProvider)t.Provider).ServerKey, StringComparer.Ordinal))
        {
            var members = group.ToList();
            try
            {
                var histories = await ((IFleetProvider)members[0].Provider).ReadHistoriesAsync([.. members.Select(m => m.Provider)], cancellationToken);
                for (var i = 0; i < members.Count && i < histories.Count; i++)
                {
                    if (histories[i] is { } history)
                    {
                        prefetch._histories[members[i]] = history;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Only a shortcut: the targets' own sessions meet the same problem and report it per target.
                Log.FleetPrefetchFailed(logger, members.Count, ex.Message);
            }
        }

        return prefetch;
    }

    /// <summary>The target's history read up front, or null when the engine must read it.</summary>
    public IReadOnlyList<AppliedMigration>? For(FleetTarget target) => _histories.GetValueOrDefault(target);
}
