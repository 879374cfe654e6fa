namespace Slipway.Discovery;

/// <summary>A <c>-- slipway: lint-ignore=ID reason</c> directive: the rule is off for this file, for the stated reason.</summary>
public sealed record LintIgnore(string RuleId, string Reason);
