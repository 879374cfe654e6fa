using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.History;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Runs a script (an up or a down script) without a transaction, one statement at a time, and records how far it got after
/// each statement: an unfinished history row (<c>success = false</c>, <c>statements_done = k</c>) that is
/// replaced atomically by the next one. A statement that must run in autocommit (CREATE INDEX
/// CONCURRENTLY, VACUUM, ...) runs alone and its progress is written right after it; any other statement
/// commits in one short transaction together with its progress row. A run that stops (error, crash, kill) leaves that row behind,
/// and the next run resumes at statement k + 1 instead of repeating what already committed.
/// </summary>
/// <remarks>
/// On SIGTERM a running autocommit statement cannot be rolled back: it is allowed to finish and is
/// recorded, then the run stops. A lock timeout of one statement is retried like a whole transactional
/// migration: the statement did not start, so nothing is left behind.
/// </remarks>
internal sealed class NonTransactionalRunner(IMigrationSession session, LockTimeoutRetry retry, ILogger logger)
{
    public async Task<MigrationResult> RunAsync(ScriptRun run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (script, record, settings) = (run.Name, run.Record, run.Settings);
        var statements = run.Analysis.Statements;
        if (run.Analysis is { Mode: TransactionMode.NoTransactionDetected, FirstRefused: var (_, command) })
        {
            Log.NoTransactionDetected(logger, script, command, statements.Count);
        }
        else if (run.Analysis is { Mode: TransactionMode.ImplicitCommit, FirstRefused: var (_, committing) })
        {
            Log.ImplicitCommit(logger, script, committing, statements.Count);
        }

        // Under the migration lock the history is current; the run's own read of it, or a new one, has this
        // script's unfinished row.
        var row = ProgressRow.Find(run.HistoryUnderLock ?? await session.ReadHistoryAsync(false, cancellationToken), record);
        var done = row?.StatementsDone ?? 0;
        var progress = row?.Id;
        if (done > 0)
        {
            Log.Resuming(logger, script, done + 1, statements.Count, done);
            await ReplaySessionStateAsync(run, done, cancellationToken);
        }

        for (var i = done; i < statements.Count; i++)
        {
            var statement = statements[i];
            var statementClock = Stopwatch.StartNew();
            var last = i + 1 == statements.Count;
            var autocommit = TransactionRules.NeedsAutocommit(statement, run.Analysis.Dialect);
            try
            {
                if (autocommit)
                {
                    await retry.RunAsync(script, async _ =>
                    {
                        await session.ExecuteNonTransactionalAsync(statement.Sql, settings, CancellationToken.None);
                        return true;
                    }, cancellationToken);
                }
                else
                {
                    // A statement that can run in a transaction commits together with its progress row:
                    // however the run is killed, it is applied exactly once.
                    var step = last ? Final(run, progress, statements.Count) : Progress(record, progress, i + 1, settings);
                    if (!await retry.RunAsync(script, _ => session.ApplyAsync(step with { Sql = statement.Sql }, CancellationToken.None), cancellationToken))
                    {
                        throw new MigrationFailedException(script, $"{script}: its progress row changed under this run (another runner without the lock?); stopped before statement {i + 1}. Run {run.ResumedBy} again to resume");
                    }
                }
            }
            catch (ConnectionLostException ex)
            {
                throw new ConnectionLostException(
                    $"Database connection lost during {Where(run, statement, i, statements.Count)}. {AppliedBefore(i)}; the next run resumes at statement {i + 1} (an interrupted CREATE INDEX CONCURRENTLY is rebuilt first).", ex);
            }
            catch (TableLockTimeoutException ex)
            {
                // The statement waited for a lock and gave up: it did not run, and what ran before it stays.
                var waited = ex.InnerException as TableLockTimeoutException ?? ex;
                var message = $"{Where(run, statement, i, statements.Count)}: {waited.Message} Gave up after {retry.MaxRetries} retries; statement {i + 1} did not run. " +
                    $"{AppliedBefore(i)}; run {run.ResumedBy} again when the blocking session is gone (or allow more retries): it resumes at statement {i + 1}";
                Log.NonTransactionalFailed(logger, script, i + 1, statements.Count, statement.Line, waited.Message);
                throw new TableLockTimeoutException(script, message, ex.Blockers, ex);
            }
            catch (MigrationFailedException ex)
            {
                var where = Where(run, statement, i, statements.Count);
                var message = $"{where}: {ex.Message}. {AppliedBefore(i)}{(i == 0 ? string.Empty : " (no transaction to roll back)")}; " +
                    $"fix statement {i + 1} (or undo its partial effect) and run {run.ResumedBy} again: it resumes at statement {i + 1}";
                Log.NonTransactionalFailed(logger, script, i + 1, statements.Count, statement.Line, ex.Message);
                throw new MigrationFailedException(script, message, ex);
            }

            Log.StatementDone(logger, script, i + 1, statements.Count, statement.Line, statementClock.ElapsedMilliseconds);
            if (last && !autocommit)
            {
                StopIfInterrupted(script, cancellationToken);
                return Done(run, clock);
            }

            if (!last)
            {
                // Recorded even when interrupted: the statement is done and must not run again.
                progress = autocommit
                    ? await RecordAsync(Progress(record, progress, i + 1, settings), run.ResumedBy, CancellationToken.None)
                    : await ProgressIdAsync(record, CancellationToken.None);
                StopIfInterrupted(script, cancellationToken);
            }
        }

        if (!await session.ApplyAsync(Final(run, progress, statements.Count), CancellationToken.None))
        {
            return new MigrationResult(script, run.Version, clock.Elapsed, MigrationStatus.AlreadyApplied);
        }

        StopIfInterrupted(script, cancellationToken);
        return Done(run, clock);
    }

    // This is a new session: the user variables and prepared statements the applied statements set are
    // gone, and the statements left may use them (PREPARE s FROM @sql; EXECUTE s). Setting them again
    // changes no data.
    private async Task ReplaySessionStateAsync(ScriptRun run, int done, CancellationToken cancellationToken)
    {
        foreach (var statement in run.Analysis.Statements.Take(done).Where(s => TransactionRules.IsSessionState(s, run.Analysis.Dialect)))
        {
            Log.SessionStateReplayed(logger, run.Name, statement.Line);
            await session.ExecuteNonTransactionalAsync(statement.Sql, run.Settings, cancellationToken);
        }
    }

    // A statement that started is never abandoned half way on SIGTERM: it finishes, is recorded, and
    // only then does the run stop.
    private void StopIfInterrupted(string script, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            Log.InterruptedAfterStatement(logger, script);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static ChangeSet Progress(HistoryRecord record, long? previous, int done, ExecutionSettings settings) =>
        new() { Record = record with { Success = false, StatementsDone = done }, RemoveIds = previous is { } id ? [id] : [], ContinuesRow = previous, Settings = settings };

    // Completion replaces the progress row and removes what the script replaces (a rolled-back migration's row).
    private static ChangeSet Final(ScriptRun run, long? previous, int count) =>
        new() { Record = run.Record with { StatementsDone = count }, RemoveIds = previous is { } id ? [.. run.Replaces, id] : run.Replaces, ContinuesRow = previous, Settings = run.Settings };

    // What a stop before statement done + 1 leaves behind, worded for none, one and many.
    private static string AppliedBefore(int done) => done switch
    {
        0 => "No statement of it was applied",
        1 => "Statement 1 is applied and recorded",
        _ => string.Create(CultureInfo.InvariantCulture, $"Statements 1-{done} are applied and recorded"),
    };

    private static MigrationResult Done(ScriptRun run, Stopwatch clock) => new(run.Name, run.Version, clock.Elapsed, MigrationStatus.Applied);

    private static string Where(ScriptRun run, SqlStatement statement, int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Location}:{statement.Line} (statement {index + 1} of {count})");

    private async Task<long> RecordAsync(ChangeSet change, string resumedBy, CancellationToken cancellationToken)
    {
        if (!await session.ApplyAsync(change, cancellationToken))
        {
            throw new MigrationFailedException(change.Record!.Script,
                $"{change.Record.Script}: its progress row changed under this run (another runner without the lock?); stopped after statement {change.Record.StatementsDone}. Run {resumedBy} again to resume");
        }

        return await ProgressIdAsync(change.Record!, cancellationToken);
    }

    // The provider assigns the id; the next progress write replaces exactly this row. A session that was
    // told the id by the insert saves reading the whole history back after every statement.
    private async Task<long> ProgressIdAsync(HistoryRecord record, CancellationToken cancellationToken) =>
        session is IKnowsInsertedId { LastInsertedId: { } id } ? id
            : ProgressRow.Find(await session.ReadHistoryAsync(false, cancellationToken), record)?.Id
            ?? throw new InvalidOperationException($"The progress row of {record.Script} was written but cannot be read back.");
}
