using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Runs a script the way its <see cref="ScriptAnalysis"/> says, for up and down scripts alike: a
/// transactional script in one transaction together with its history writes; any other statement by
/// statement with its progress recorded, so an interrupted run resumes where it stopped.
/// </summary>
internal sealed class ScriptExecutor(IMigrationSession session, LockTimeoutRetry retry, ILogger logger)
{
    /// <summary>
    /// Runs <paramref name="run"/>; the result is <see cref="MigrationStatus.AlreadyApplied"/> when another
    /// runner made the change meanwhile. Callers log the outcome.
    /// </summary>
    public async Task<MigrationResult> RunAsync(ScriptRun run, CancellationToken cancellationToken)
    {
        if (!run.Analysis.Transactional)
        {
            return await new NonTransactionalRunner(session, retry, logger).RunAsync(run, cancellationToken);
        }

        var clock = Stopwatch.StartNew();

        // A transactional script completes all its statements or none: history records how many.
        var change = new ChangeSet
        {
            Sql = run.Sql,
            Statements = run.Analysis.Statements,
            Record = run.Record with { StatementsDone = run.Analysis.Statements.Count },
            RemoveIds = run.Replaces,
            Settings = run.Settings,
        };
        bool applied;
        try
        {
            applied = run.Code is { } code
                ? await retry.RunAsync(run.Name, ct => CodeSession(session).ApplyCodeAsync(change with { Sql = null, Statements = null }, code, ct), cancellationToken)
                : await retry.RunAsync(run.Name, ct => session.ApplyAsync(change, ct), cancellationToken);
        }
        catch (SlipwayException ex) when (ex is MigrationFailedException or TableLockTimeoutException)
        {
            Log.Failed(logger, run.Name, clock.ElapsedMilliseconds, ex.Message);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.Interrupted(logger, run.Name);
            throw;
        }

        return new MigrationResult(run.Name, run.Version, clock.Elapsed, applied ? MigrationStatus.Applied : MigrationStatus.AlreadyApplied);
    }

    /// <summary>The session's C# migration support; a provider without it cannot run them.</summary>
    public static ICodeMigrationSession CodeSession(IMigrationSession session) =>
        session as ICodeMigrationSession
        ?? throw new ConfigurationException($"this database's provider ({session.GetType().Name}) cannot run C# migrations; use PostgreSQL or SQLite, or write the migration in SQL");

    /// <summary>
    /// Runs a script where there is no history (a scratch target): a transactional script in one
    /// transaction, any other one statement at a time in autocommit; a C# migration's <paramref name="code"/> in a transaction.
    /// </summary>
    public static async Task RunWithoutHistoryAsync(IMigrationSession target, string sql, ScriptAnalysis analysis, ExecutionSettings settings, CancellationToken cancellationToken, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task>? code = null)
    {
        if (code is not null)
        {
            await CodeSession(target).ApplyCodeAsync(new ChangeSet { Settings = settings }, code, cancellationToken);
            return;
        }

        if (analysis.Transactional)
        {
            await target.ApplyAsync(new ChangeSet { Sql = sql, Statements = analysis.Statements, Settings = settings }, cancellationToken);
            return;
        }

        foreach (var statement in analysis.Statements)
        {
            await target.ExecuteNonTransactionalAsync(statement.Sql, settings, cancellationToken);
        }
    }
}
