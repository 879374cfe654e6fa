namespace Slipway.Lint.Rules;

/// <summary>SW004: <c>ALTER COLUMN ... TYPE</c> on an existing table.</summary>
internal sealed class AlterColumnTypeRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW004", "alter-column-type", LintSeverity.Error,
        "ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock and, for most type changes, rewrites the table and rebuilds its indexes: the table is unavailable for the whole rewrite, and the running application may not understand the new type.",
        "Expand and contract: add a new column with the new type, write both from the application, backfill in batches, switch reads, then drop the old column in a post-deploy migration. (Raising a varchar limit or varchar to text needs no rewrite: disable the rule for that file with a reason.)");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => context.IsExisting(s.Table)))
        {
            foreach (var command in statement.AlterCommands.Where(c => c.Text("subtype") == "AT_AlterColumnType"))
            {
                context.Report(Info, statement.Line, $"changing the type of '{statement.Table}.{command.Text("name")}' locks the table and may rewrite it");
            }
        }
    }
}
