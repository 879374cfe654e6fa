using Slipway.History;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// One script to run against a database with history: an up script, whose record says it was applied, or
/// a down script, whose record audits the rollback and which removes the applied row it undoes.
/// </summary>
/// <param name="Name">The script's file name, for messages and logs.</param>
/// <param name="Location">Where the script came from, for messages (<c>file:line</c>).</param>
/// <param name="Version">The version text for results; null for repeatables.</param>
/// <param name="Sql">The script's text.</param>
/// <param name="Analysis">How it runs: in one transaction, or statement by statement.</param>
/// <param name="Record">The history row written when it completes (progress rows are derived from it).</param>
/// <param name="Settings">Its lock and statement timeouts.</param>
internal sealed record ScriptRun(string Name, string Location, string? Version, string Sql, ScriptAnalysis Analysis, HistoryRecord Record, ExecutionSettings Settings)
{
    /// <summary>History rows removed in the same transaction that records completion (the row a down script undoes).</summary>
    public IReadOnlyList<long> Replaces { get; init; } = [];

    /// <summary>A C# migration's up or down method, run in place of <see cref="Sql"/> in the same transaction as the history writes; null for SQL.</summary>
    public Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task>? Code { get; init; }

    /// <summary>
    /// The history as read under the migration lock before this run applied anything, when the caller has it:
    /// nothing else writes this script's rows while the lock is held, so its progress row is found there
    /// without another read. Null: the runner reads the history itself.
    /// </summary>
    public IReadOnlyList<AppliedMigration>? HistoryUnderLock { get; init; }

    /// <summary>The command that resumes an interrupted run of this script, for messages.</summary>
    public string ResumedBy { get; init; } = "migrate";
}
