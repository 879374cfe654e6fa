using Slipway.Discovery;

namespace Slipway.Lint.Rules;

/// <summary>SW010: a directive asks for a long <c>statement-timeout</c> but the migration sets no <c>lock-timeout</c> of its own.</summary>
internal sealed class MissingLockTimeoutRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW010", "missing-lock-timeout", LintSeverity.Warning,
        "A migration that asks for a long statement-timeout is expected to run long; without its own lock-timeout it depends on the global setting, and if that is raised or turned off (--lock-timeout 0) it can wait for a lock for its whole run while traffic queues behind it.",
        "State the lock limit next to the long statement limit, e.g. '-- slipway: statement-timeout=30min' and '-- slipway: lock-timeout=3s'.");

    public void Check(ScriptContext context)
    {
        var directives = context.Script.Directives;
        if (directives.StatementTimeout is { } timeout && (timeout == TimeSpan.Zero || timeout > context.Settings.LongStatementTimeout) && directives.LockTimeout is null)
        {
            context.Report(Info, context.DirectiveLine("statement-timeout"),
                $"statement-timeout={(timeout == TimeSpan.Zero ? "0 (no limit)" : DurationText.Format(timeout))} without a lock-timeout directive: the lock wait is bounded only by the global setting");
        }
    }
}
