using Slipway.Lint.Rules;

namespace Slipway.Lint;

/// <summary>Every lint rule, in ID order: the list <c>slipway lint --list-rules</c> prints and docs/cli.md documents.</summary>
public static class LintRules
{
    /// <summary>SW000: the script is not valid PostgreSQL.</summary>
    public static LintRuleInfo ParseError { get; } = new("SW000", "parse-error", LintSeverity.Error,
        "PostgreSQL's parser rejects the script, so it would fail when applied (and no other rule could check it).",
        "Fix the syntax error at the reported line; for SQLite migrations lint with --dialect sqlite.");

    internal static IReadOnlyList<ILintRule> Checks { get; } =
    [
        new IndexNotConcurrentRule(),
        new ConcurrentInTransactionRule(),
        new VolatileDefaultRule(),
        new AlterColumnTypeRule(),
        new SetNotNullRule(),
        new ConstraintNotValidRule(),
        new DropInPreDeployRule(),
        new RenameInPreDeployRule(),
        new LongLockTimeoutRule(),
        new MissingLockTimeoutRule(),
        new TimeoutInSqlRule(),
        new TruncateRule(),
        new ManyTablesLockedRule(),
        new MixedDdlDmlRule(),
    ];

    /// <summary>The rules that check MySQL migrations: PostgreSQL's parser does not read MySQL, so only rules built on Slipway's own lexer.</summary>
    internal static IReadOnlyList<ILintRule> MySqlChecks { get; } = [.. Checks.OfType<MixedDdlDmlRule>()];

    /// <summary>Every rule, <see cref="ParseError"/> first.</summary>
    public static IReadOnlyList<LintRuleInfo> All { get; } = [ParseError, .. Checks.Select(c => c.Info)];

    /// <summary>The rule with this ID or name, or null.</summary>
    public static LintRuleInfo? Find(string idOrName) => All.FirstOrDefault(r => r.Matches(idOrName));
}
