namespace Slipway.Lint.Rules;

/// <summary>SW006: <c>ADD FOREIGN KEY</c> or <c>ADD CHECK</c> on an existing table without <c>NOT VALID</c>.</summary>
internal sealed class ConstraintNotValidRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW006", "constraint-not-valid", LintSeverity.Error,
        "Adding a FOREIGN KEY or CHECK constraint validates every existing row while holding a lock that blocks writes (for a foreign key, on both tables).",
        "Add it with NOT VALID (only new rows are checked, the lock is brief), then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration: validation then takes a lock that lets reads and writes continue.");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => context.IsExisting(s.Table)))
        {
            foreach (var command in statement.AlterCommands.Where(c => c.Text("subtype") == "AT_AddConstraint"))
            {
                var constraint = command.Child("def").As("Constraint");
                var kind = constraint.Text("contype") switch
                {
                    "CONSTR_FOREIGN" => "FOREIGN KEY",
                    "CONSTR_CHECK" => "CHECK",
                    _ => null,
                };
                if (kind is not null && !constraint.Flag("skip_validation"))
                {
                    context.Report(Info, statement.Line, $"{kind} constraint{(constraint.Text("conname") is { } name ? " '" + name + "'" : string.Empty)} on existing table '{statement.Table}' without NOT VALID checks every row while blocking writes");
                }
            }
        }
    }
}
