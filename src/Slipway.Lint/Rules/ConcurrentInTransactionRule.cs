namespace Slipway.Lint.Rules;

/// <summary>SW002: a <c>CONCURRENTLY</c> operation in a migration that runs in a transaction (it would fail).</summary>
internal sealed class ConcurrentInTransactionRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW002", "concurrently-in-transaction", LintSeverity.Error,
        "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run inside a transaction block; Slipway runs each migration in a transaction unless told otherwise, so the migration fails.",
        "Add '-- slipway: no-transaction' as the first line and keep the migration to the concurrent statement(s) alone.");

    public void Check(ScriptContext context)
    {
        if (context.Script.Directives.NoTransaction)
        {
            return;
        }

        foreach (var statement in context.Statements)
        {
            var concurrent = statement.Kind switch
            {
                "IndexStmt" or "DropStmt" => statement.Node.Flag("concurrent"),
                "ReindexStmt" => statement.Node.Items("params").Any(p => p.As("DefElem").Text("defname") == "concurrently"),
                _ => false,
            };
            if (concurrent)
            {
                context.Report(Info, statement.Line, "a CONCURRENTLY operation in a transactional migration fails with 'cannot run inside a transaction block'");
            }
        }
    }
}
