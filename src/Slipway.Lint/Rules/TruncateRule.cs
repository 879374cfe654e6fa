namespace Slipway.Lint.Rules;

/// <summary>SW012: <c>TRUNCATE</c> in a migration.</summary>
internal sealed class TruncateRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW012", "truncate", LintSeverity.Error,
        "TRUNCATE deletes every row at once and takes an ACCESS EXCLUSIVE lock (on every table it cascades to): data the running application relies on disappears, and a backup is the only way back.",
        "If the data really must go, DELETE in batches in a post-deploy migration, or move it to an archive table first; disable the rule with a reason for tables that only hold disposable data.");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => s.Kind == "TruncateStmt"))
        {
            var tables = string.Join(", ", statement.Node.Items("relations").Select(r => r.As("RangeVar").Relation()));
            context.Report(Info, statement.Line, $"TRUNCATE {tables} deletes every row under an ACCESS EXCLUSIVE lock");
        }
    }
}
