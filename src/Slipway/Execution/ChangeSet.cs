using Slipway.History;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// One atomic change: SQL plus the history writes that record it. A provider runs it in a single
/// transaction, so either the SQL and its history rows all commit, or nothing does.
/// </summary>
public sealed record ChangeSet
{
    /// <summary>The SQL to run; null for history-only changes (baseline, repair).</summary>
    public string? Sql { get; init; }

    /// <summary>
    /// <see cref="Sql"/> split into statements by Slipway's lexer, when the engine already split it;
    /// null lets the provider split it itself (a provider outside this repository sends <see cref="Sql"/> whole).
    /// </summary>
    internal IReadOnlyList<SqlStatement>? Statements { get; init; }

    /// <summary>A row to insert after <see cref="Sql"/> succeeded; the provider fills in timings and role.</summary>
    public HistoryRecord? Record { get; init; }

    /// <summary>History rows (by id) to delete in the same transaction (rollback, repair).</summary>
    public IReadOnlyList<long> RemoveIds { get; init; } = [];

    /// <summary>
    /// The progress row (one of <see cref="RemoveIds"/>) that this change replaces when it continues a
    /// migration run statement by statement; null otherwise. The row it writes keeps that row's start, so a
    /// migration's history row says when its first statement began, also when another run finished it.
    /// </summary>
    internal long? ContinuesRow { get; init; }

    /// <summary>Lock and statement timeouts for this change.</summary>
    public ExecutionSettings Settings { get; init; } = ExecutionSettings.None;
}
