using System.Diagnostics;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>The observer hook points of <see cref="Migrator"/> (<see cref="MigratorOptions.Observers"/>).</summary>
public sealed partial class Migrator
{
    private async Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Pending.Count == 0)
        {
            return;
        }

        foreach (var observer in _engine.Options.Observers)
        {
            await observer.BeforeApplyAsync(plan, cancellationToken);
        }
    }

    private HistoryRecord Annotate(MigrationScript script, HistoryRecord record) =>
        _engine.Options.Observers.Aggregate(record, (current, observer) => observer.Annotate(script, current));

    /// <summary>Applies one migration and tells every observer how it went, whatever happened.</summary>
    private async Task<MigrationResult> ApplyObservedAsync(IMigrationSession session, MigrationScript script, IReadOnlyList<AppliedMigration> underLock, CancellationToken cancellationToken)
    {
        if (_engine.Options.Observers.Count == 0)
        {
            return await ApplyOneAsync(session, script, underLock, cancellationToken);
        }

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var analysis = ScriptAnalysis.Of(script, _engine.Provider.Dialect);
        var statements = analysis.Statements.Count;
        MigrationResult result;
        try
        {
            result = await ApplyOneAsync(session, script, underLock, cancellationToken);
        }
        catch (Exception ex) when (ex is SlipwayException or OperationCanceledException)
        {
            var audit = new MigrationAudit { Script = script, Status = MigrationStatus.Failed, StartedAt = started, Duration = clock.Elapsed, Statements = statements, Transactional = analysis.Transactional, Error = ex.Message };
            foreach (var observer in _engine.Options.Observers)
            {
                // The run is failing anyway: the audit record must still be written, so no cancellation here.
                await observer.MigrationCompletedAsync(audit, CancellationToken.None);
            }

            throw;
        }

        var done = new MigrationAudit { Script = script, Status = result.Status, StartedAt = started, Duration = clock.Elapsed, Statements = statements, Transactional = analysis.Transactional };
        foreach (var observer in _engine.Options.Observers)
        {
            await observer.MigrationCompletedAsync(done, cancellationToken);
        }

        return result;
    }
}
