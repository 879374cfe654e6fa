using Slipway.Discovery;

namespace Slipway.History;

/// <summary>
/// Finds the history row that records how far an unfinished non-transactional run of a script got: a
/// migration (its versioned or repeatable row) or a rollback's down script (its rollback row).
/// </summary>
internal static class ProgressRow
{
    /// <summary>
    /// The unfinished (<c>success = false</c>) row of <paramref name="script"/>: for a versioned migration
    /// the row of its version, for a repeatable its latest row when that one is unfinished; null when none.
    /// </summary>
    public static AppliedMigration? Find(IReadOnlyList<AppliedMigration> history, MigrationScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Find(history, script.Kind, script.Version, script.Name);
    }

    /// <summary>The unfinished row for the migration a history record describes.</summary>
    public static AppliedMigration? Find(IReadOnlyList<AppliedMigration> history, HistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Find(history, record.Kind, record.Version, record.Script);
    }

    private static AppliedMigration? Find(IReadOnlyList<AppliedMigration> history, MigrationKind kind, MigrationVersion? version, string script)
    {
        ArgumentNullException.ThrowIfNull(history);
        return kind is MigrationKind.Versioned or MigrationKind.Rollback
            ? history.LastOrDefault(h => h.Kind == kind && !h.Success && h.Version == version)
            : history.LastOrDefault(h => h.Kind == MigrationKind.Repeatable && string.Equals(h.Script, script, StringComparison.Ordinal)) is { Success: false } row ? row : null;
    }
}
