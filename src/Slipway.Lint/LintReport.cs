using Slipway.Sql;

namespace Slipway.Lint;

/// <summary>Everything lint found, in file and line order.</summary>
public sealed record LintReport
{
    /// <summary>The findings.</summary>
    public required IReadOnlyList<LintFinding> Findings { get; init; }

    /// <summary>How many scripts were checked.</summary>
    public int ScriptCount { get; init; }

    /// <summary>Findings switched off by a <c>lint-ignore</c> directive or the project configuration.</summary>
    public int Suppressed { get; init; }

    /// <summary>The dialect the scripts were checked as.</summary>
    public SqlDialect Dialect { get; init; }

    /// <summary>Findings with <see cref="LintSeverity.Error"/>.</summary>
    public int ErrorCount => Findings.Count(f => f.Severity == LintSeverity.Error);

    /// <summary>Findings with <see cref="LintSeverity.Warning"/>.</summary>
    public int WarningCount => Findings.Count(f => f.Severity == LintSeverity.Warning);
}
