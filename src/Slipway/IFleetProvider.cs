using Slipway.History;

namespace Slipway;

/// <summary>
/// What a provider adds so that fleets of many targets on few servers run fast and politely. Optional:
/// a provider without it still runs in a fleet, one session per target, each target its own server.
/// </summary>
public interface IFleetProvider
{
    /// <summary>
    /// The server this provider connects to (e.g. <c>db:5432</c>), never with a password: a fleet keeps
    /// at most its per-server connection limit of targets with equal keys running at once.
    /// </summary>
    string ServerKey { get; }

    /// <summary>
    /// Reads the histories of <paramref name="targets"/> (providers of the same <see cref="ServerKey"/>,
    /// this one included) in as few round trips as it can: one per database on each of a few connections,
    /// not one session per target. Returns one entry per target, in order: its history, oldest row first
    /// (empty when its history table does not exist yet), or null when this read cannot tell (a target of
    /// another kind, a table of another shape); the engine then reads that target with a session of its own.
    /// Never takes a lock and never changes anything.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<AppliedMigration>?>> ReadHistoriesAsync(IReadOnlyList<IMigrationProvider> targets, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="sql"/> read-only on this provider's database and returns the first column of
    /// every row as text (NULLs skipped): how a fleet lists its targets from a table of tenants.
    /// </summary>
    Task<IReadOnlyList<string>> QueryColumnAsync(string sql, CancellationToken cancellationToken = default);
}
