namespace Slipway.Lint.Rules;

/// <summary>SW001: <c>CREATE INDEX</c> without <c>CONCURRENTLY</c> on a table that already exists.</summary>
internal sealed class IndexNotConcurrentRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW001", "index-not-concurrent", LintSeverity.Error,
        "CREATE INDEX without CONCURRENTLY takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole index is built, which takes minutes on a large table.",
        "Use CREATE INDEX CONCURRENTLY in its own migration marked '-- slipway: no-transaction' (one index per migration, so a failed build can be dropped and retried).");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => s.Kind == "IndexStmt" && !s.Node.Flag("concurrent") && context.IsExisting(s.Table)))
        {
            context.Report(Info, statement.Line, $"CREATE INDEX on existing table '{statement.Table}' without CONCURRENTLY blocks writes to it while the index builds");
        }
    }
}
