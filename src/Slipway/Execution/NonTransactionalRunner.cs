using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Runs a migration without a transaction, one statement at a time, and records how far it got after
/// each statement: an unfinished history row (<c>success = false</c>, <c>statements_done = k</c>) that is
/// replaced atomically by the next one. A run that stops (error, crash, kill) leaves that row behind,
/// and the next run resumes at statement k + 1 instead of repeating what already committed.
/// </summary>
internal sealed class NonTransactionalRunner(IMigrationSession session, ILogger logger)
{
    public async Task<MigrationResult> RunAsync(MigrationScript script, ScriptAnalysis analysis, HistoryRecord record, ExecutionSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var statements = analysis.Statements;
        if (analysis is { Mode: TransactionMode.NoTransactionDetected, FirstRefused: var (_, command) })
        {
            Log.NoTransactionDetected(logger, script.Name, command, statements.Count);
        }

        // Under the migration lock the history is current; read it for this migration's unfinished row.
        var progress = ProgressRow.Find(await session.ReadHistoryAsync(false, cancellationToken), script);
        var done = progress?.StatementsDone ?? 0;
        if (done > 0)
        {
            Log.Resuming(logger, script.Name, done + 1, statements.Count, done);
        }

        for (var i = done; i < statements.Count; i++)
        {
            var statement = statements[i];
            var statementClock = Stopwatch.StartNew();
            try
            {
                await session.ExecuteNonTransactionalAsync(statement.Sql, settings, cancellationToken);
            }
            catch (ConnectionLostException ex)
            {
                throw new ConnectionLostException(
                    $"Database connection lost during {Where(script, statement, i, statements.Count)}. Statements 1-{i} are recorded; the next run resumes at statement {i + 1} (an interrupted CREATE INDEX CONCURRENTLY is rebuilt first).", ex);
            }
            catch (MigrationFailedException ex)
            {
                var where = Where(script, statement, i, statements.Count);
                var message = $"{where}: {ex.Message}. Statements 1-{i} are applied and recorded (no transaction to roll back); " +
                    $"fix statement {i + 1} (or undo its partial effect) and run migrate again: it resumes at statement {i + 1}";
                Log.NonTransactionalFailed(logger, script.Name, i + 1, statements.Count, statement.Line, ex.Message);
                throw new MigrationFailedException(script.Name, message, ex);
            }

            Log.StatementDone(logger, script.Name, i + 1, statements.Count, statement.Line, statementClock.ElapsedMilliseconds);
            if (i + 1 < statements.Count)
            {
                progress = await RecordAsync(progress, record with { Success = false, StatementsDone = i + 1 }, settings, cancellationToken);
            }
        }

        var change = new ChangeSet { Record = record with { StatementsDone = statements.Count }, RemoveIds = progress is null ? [] : [progress.Id], Settings = settings };
        if (!await session.ApplyAsync(change, cancellationToken))
        {
            Log.AlreadyApplied(logger, script.Name);
            return new MigrationResult(script.Name, script.Version?.Text, clock.Elapsed, MigrationStatus.AlreadyApplied);
        }

        Log.Applied(logger, script.Name, clock.ElapsedMilliseconds);
        return new MigrationResult(script.Name, script.Version?.Text, clock.Elapsed, MigrationStatus.Applied);
    }

    private static string Where(MigrationScript script, SqlStatement statement, int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{script.Location}:{statement.Line} (statement {index + 1} of {count})");

    private async Task<AppliedMigration> RecordAsync(AppliedMigration? previous, HistoryRecord record, ExecutionSettings settings, CancellationToken cancellationToken)
    {
        var change = new ChangeSet { Record = record, RemoveIds = previous is null ? [] : [previous.Id], Settings = settings };
        if (!await session.ApplyAsync(change, cancellationToken))
        {
            throw new MigrationFailedException(record.Script,
                $"{record.Script}: its progress row changed under this run (another runner without the lock?); stopped after statement {record.StatementsDone}. Run migrate again to resume");
        }

        // The provider assigns the id; the next progress write replaces exactly this row.
        return ProgressRow.Find(await session.ReadHistoryAsync(false, cancellationToken), record)
            ?? throw new InvalidOperationException($"The progress row of {record.Script} was written but cannot be read back.");
    }
}
