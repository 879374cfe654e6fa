namespace Slipway.Discovery;

/// <summary>Settings a script declares in its leading <c>-- slipway: ...</c> comment lines.</summary>
public sealed record MigrationDirectives
{
    /// <summary>The defaults: transactional, pre-deploy, global timeouts.</summary>
    public static MigrationDirectives Default { get; } = new();

    /// <summary><c>no-transaction</c>: run statement by statement outside a transaction.</summary>
    public bool NoTransaction { get; init; }

    /// <summary><c>phase=pre-deploy|post-deploy</c>.</summary>
    public MigrationPhase Phase { get; init; } = MigrationPhase.PreDeploy;

    /// <summary><c>lock-timeout=2s</c>: overrides the global lock timeout for this migration.</summary>
    public TimeSpan? LockTimeout { get; init; }

    /// <summary><c>statement-timeout=5min</c>: overrides the global statement timeout for this migration.</summary>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary><c>irreversible</c>: the migration has no down script on purpose.</summary>
    public bool Irreversible { get; init; }

    /// <summary><c>placeholders=on|off|all</c>: where <c>${name}</c> placeholders are replaced. Default <see cref="PlaceholderMode.On"/>.</summary>
    public PlaceholderMode Placeholders { get; init; }

    /// <summary><c>lint-ignore=ID reason</c> lines.</summary>
    public IReadOnlyList<LintIgnore> LintIgnores { get; init; } = [];

    /// <summary>A short text of the non-default directives, e.g. <c>no-transaction, phase=post-deploy</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (NoTransaction)
        {
            parts.Add("no-transaction");
        }

        if (Phase != MigrationPhase.PreDeploy)
        {
            parts.Add("phase=" + Phase.ToText());
        }

        if (LockTimeout is { } lockTimeout)
        {
            parts.Add("lock-timeout=" + DurationText.Format(lockTimeout));
        }

        if (StatementTimeout is { } statementTimeout)
        {
            parts.Add("statement-timeout=" + DurationText.Format(statementTimeout));
        }

        if (Irreversible)
        {
            parts.Add("irreversible");
        }

        if (Placeholders != PlaceholderMode.On)
        {
            parts.Add("placeholders=" + (Placeholders == PlaceholderMode.Off ? "off" : "all"));
        }

        parts.AddRange(LintIgnores.Select(i => "lint-ignore=" + i.RuleId));
        return string.Join(", ", parts);
    }
}
