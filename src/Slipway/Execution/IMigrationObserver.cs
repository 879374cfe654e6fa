using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Execution;

/// <summary>
/// Hook points of a <c>migrate</c> run for operations concerns (backups, audit events, metrics),
/// so they stay out of the engine. Observers run in registration order on the engine's flow.
/// </summary>
public interface IMigrationObserver
{
    /// <summary>
    /// Called under the migration lock, after history was re-read, only when something is pending,
    /// before the first migration. Throw a <see cref="Diagnostics.SlipwayException"/> to refuse the run:
    /// nothing has been applied at that point (this is where a backup is taken).
    /// </summary>
    Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Lets the observer add facts to a history row before it is written (e.g. the backup file).</summary>
    HistoryRecord Annotate(MigrationScript script, HistoryRecord record);

    /// <summary>
    /// Called once per migration attempted: applied, skipped because another runner applied it, or
    /// failed (then before the error propagates). Must not throw for a failed migration's sake.
    /// </summary>
    Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default);
}
