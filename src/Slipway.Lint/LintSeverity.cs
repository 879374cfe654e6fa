namespace Slipway.Lint;

/// <summary>How bad a finding is: errors fail <c>slipway lint</c> (exit code 10), warnings are printed.</summary>
public enum LintSeverity
{
    /// <summary>Printed; lint still succeeds.</summary>
    Warning,

    /// <summary>Lint fails and <c>migrate --lint</c> applies nothing.</summary>
    Error,
}
