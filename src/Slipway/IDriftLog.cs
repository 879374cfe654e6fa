using Slipway.Execution;

namespace Slipway;

/// <summary>
/// Optional provider capability behind <c>drift --record</c> and the app's drift metrics: stores drift checks in
/// a small table next to the history table (named after it, with <c>_drift</c> appended). Implement it on the
/// same class as <see cref="IMigrationProvider"/>; schema snapshots must leave that table out, as they do the
/// history table.
/// </summary>
public interface IDriftLog
{
    /// <summary>
    /// Stores <paramref name="check"/>, creating the table when missing, and keeps only the newest
    /// <see cref="DriftCheck.Kept"/> checks. Opens (and closes) its own connection.
    /// </summary>
    Task RecordAsync(DriftCheck check, CancellationToken cancellationToken = default);

    /// <summary>The newest stored check; null, never an error, when there is none or the table does not exist.</summary>
    Task<DriftCheck?> ReadLatestAsync(CancellationToken cancellationToken = default);
}
