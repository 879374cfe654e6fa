using Slipway.Diagnostics;

namespace Slipway.Lint;

/// <summary>Lint found errors, so <c>migrate --lint</c> applied nothing.</summary>
public sealed class LintFailedException : SlipwayException
{
    /// <summary>Creates the error from the report.</summary>
    public LintFailedException(LintReport report)
        : base($"lint found {report?.ErrorCount ?? 0} error(s); nothing was applied. Fix them, or disable a rule for one file with '-- slipway: lint-ignore=ID reason'.")
    {
        Report = report ?? throw new ArgumentNullException(nameof(report));
    }

    /// <summary>What lint found.</summary>
    public LintReport Report { get; }
}
