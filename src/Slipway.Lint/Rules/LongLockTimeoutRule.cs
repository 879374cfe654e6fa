using Slipway.Discovery;

namespace Slipway.Lint.Rules;

/// <summary>SW009: a <c>lock-timeout</c> directive that lets a migration queue traffic for long (or forever).</summary>
internal sealed class LongLockTimeoutRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW009", "long-lock-timeout", LintSeverity.Warning,
        "While a migration waits for its lock, every query that arrives after it queues behind it. A long (or zero, meaning unlimited) lock_timeout turns a busy table into an outage for that long.",
        "Keep lock-timeout short (a few seconds; the default is 5s): Slipway retries a lock timeout with backoff, so a short timeout costs retries, not availability. Raise the limit only with a reason.");

    public void Check(ScriptContext context)
    {
        if (context.Script.Directives.LockTimeout is { } timeout && (timeout == TimeSpan.Zero || timeout > context.Settings.MaxLockTimeout))
        {
            var what = timeout == TimeSpan.Zero ? "0 (no limit)" : DurationText.Format(timeout);
            context.Report(Info, context.DirectiveLine("lock-timeout"), $"lock-timeout={what} lets this migration hold up traffic for longer than {DurationText.Format(context.Settings.MaxLockTimeout)}");
        }
    }
}
