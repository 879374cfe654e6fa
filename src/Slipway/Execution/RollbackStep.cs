using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>One migration to undo.</summary>
/// <param name="Version">The version being rolled back.</param>
/// <param name="Script">The up script's name as recorded in history.</param>
/// <param name="DownName">The down script's name (the file, or the name derived from the up script when it comes from history).</param>
/// <param name="DownSql">The SQL that undoes it; empty when there is nothing to undo.</param>
/// <param name="FromHistory">True when the SQL is the copy stored in history at apply time (no file on disk).</param>
/// <param name="HistoryId">The history row deleted together with the down script.</param>
public sealed record RollbackStep(MigrationVersion Version, string Script, string DownName, string DownSql, bool FromHistory, long HistoryId)
{
    /// <summary>Where the down SQL comes from, for messages: <c>file U3__x.sql</c> or <c>history</c>.</summary>
    public string Source => FromHistory ? "history" : Code is not null ? "C# " + DownName : "file " + DownName;

    /// <summary>How many statements the down script has, as Slipway's lexer splits it.</summary>
    public int Statements => Analysis?.Statements.Count ?? 0;

    /// <summary>True when the down script runs in one transaction with its history change; false when statement by statement.</summary>
    public bool Transactional => Analysis?.Transactional ?? true;

    /// <summary>A C# migration's down method, run in place of <see cref="DownSql"/>; null for SQL.</summary>
    internal Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task>? Code { get; init; }

    /// <summary>How the down script runs, decided as for any migration.</summary>
    internal ScriptAnalysis? Analysis { get; init; }
}
