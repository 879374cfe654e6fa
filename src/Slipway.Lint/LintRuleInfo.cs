namespace Slipway.Lint;

/// <summary>What a rule checks, why it matters and what to do instead: the text users see and docs list.</summary>
/// <param name="Id">The stable identifier used in <c>lint-ignore=</c> and configuration, e.g. <c>SW001</c>.</param>
/// <param name="Name">A readable alias, e.g. <c>index-not-concurrent</c>; accepted wherever the ID is.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Why">What goes wrong in production.</param>
/// <param name="Instead">The safe alternative.</param>
/// <param name="AppliesToSqlite">True when the rule also checks SQLite migrations.</param>
public sealed record LintRuleInfo(string Id, string Name, LintSeverity Severity, string Why, string Instead, bool AppliesToSqlite = false)
{
    /// <summary>True when <paramref name="idOrName"/> names this rule (case-insensitive).</summary>
    public bool Matches(string idOrName) =>
        string.Equals(Id, idOrName, StringComparison.OrdinalIgnoreCase) || string.Equals(Name, idOrName, StringComparison.OrdinalIgnoreCase);
}
