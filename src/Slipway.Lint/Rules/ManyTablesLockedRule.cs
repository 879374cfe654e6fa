namespace Slipway.Lint.Rules;

/// <summary>SW013: one transactional migration takes strong locks on several existing tables.</summary>
internal sealed class ManyTablesLockedRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW013", "many-tables-locked", LintSeverity.Warning,
        "A migration holds every lock it takes until it commits. Locking several busy tables in one transaction multiplies the time each is blocked and invites deadlocks with application transactions that lock them in another order.",
        "Split the migration: one table per migration, so each lock is held only for its own statement(s) and a lock timeout retries only that step.");

    public void Check(ScriptContext context)
    {
        if (context.Script.Directives.NoTransaction)
        {
            return;
        }

        var locked = new List<string>();
        foreach (var statement in context.Statements)
        {
            foreach (var table in LockedTables(statement).Where(t => context.IsExisting(t) && !locked.Contains(t)))
            {
                locked.Add(table);
                if (locked.Count == context.Settings.MaxLockedTables + 1)
                {
                    context.Report(Info, statement.Line, $"this migration locks {string.Join(", ", locked.Select(t => "'" + t + "'"))} in one transaction; keep to {context.Settings.MaxLockedTables} existing table(s) per migration");
                }
            }
        }
    }

    private static IEnumerable<string> LockedTables(Statement statement) => statement.Kind switch
    {
        // VALIDATE CONSTRAINT alone takes a lock that lets reads and writes go on.
        "AlterTableStmt" when statement.AlterCommands.Any(c => c.Text("subtype") != "AT_ValidateConstraint") => [statement.Table!],
        "IndexStmt" when !statement.Node.Flag("concurrent") => [statement.Table!],
        "RenameStmt" when statement.Table is not null => [statement.Table],
        "TruncateStmt" => statement.Node.Items("relations").Select(r => r.As("RangeVar").Relation()),
        "DropStmt" when statement.Node.Text("removeType") == "OBJECT_TABLE" => statement.Node.Items("objects").Select(o => o.DottedName()),
        _ => [],
    };
}
