namespace Slipway.Lint.Rules;

/// <summary>
/// Facts that carry from one migration to the next, in version order: the safe <c>SET NOT NULL</c>
/// needs a validated <c>CHECK (col IS NOT NULL)</c>, usually added and validated in earlier migrations.
/// </summary>
internal sealed class ProjectState
{
    /// <summary>NOT NULL checks by constraint name: (table, column), not yet validated.</summary>
    public Dictionary<string, (string Table, string Column)> PendingNotNullChecks { get; } = new(StringComparer.Ordinal);

    /// <summary>"table.column" pairs proven non-null by a validated check constraint.</summary>
    public HashSet<string> ValidatedNotNull { get; } = new(StringComparer.Ordinal);
}
