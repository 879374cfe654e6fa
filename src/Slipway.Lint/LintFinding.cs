namespace Slipway.Lint;

/// <summary>One problem in one migration.</summary>
/// <param name="Rule">The rule that found it.</param>
/// <param name="Severity">The severity after project configuration.</param>
/// <param name="File">The script's location (path as given).</param>
/// <param name="Line">1-based line of the statement.</param>
/// <param name="Message">What this statement does wrong.</param>
public sealed record LintFinding(LintRuleInfo Rule, LintSeverity Severity, string File, int Line, string Message)
{
    /// <summary>Reads as <c>migrations/V2__x.sql:3: error SW001 index-not-concurrent: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}: {(Severity == LintSeverity.Error ? "error" : "warning")} {Rule.Id} {Rule.Name}: {Message}";
}
