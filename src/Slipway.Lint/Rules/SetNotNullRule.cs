using System.Text.Json;

namespace Slipway.Lint.Rules;

/// <summary>SW005: <c>SET NOT NULL</c> without a validated <c>CHECK (col IS NOT NULL)</c> first.</summary>
internal sealed class SetNotNullRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW005", "set-not-null", LintSeverity.Error,
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to prove there is no NULL: reads and writes stop for the scan.",
        "First ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT c (scans without blocking writes), then SET NOT NULL, which PostgreSQL 12+ proves from the validated check instantly; finally DROP CONSTRAINT c.");

    public void Check(ScriptContext context)
    {
        var project = context.Project;
        foreach (var statement in context.Statements)
        {
            var table = statement.Table;
            foreach (var command in statement.AlterCommands)
            {
                switch (command.Text("subtype"))
                {
                    case "AT_AddConstraint" when NotNullColumn(command.Child("def").As("Constraint")) is { } column:
                        var constraint = command.Child("def").As("Constraint");
                        if (constraint.Flag("skip_validation"))
                        {
                            project.PendingNotNullChecks[constraint.Text("conname") ?? string.Empty] = (table!, column);
                        }
                        else
                        {
                            project.ValidatedNotNull.Add(table + "." + column);
                        }

                        break;
                    case "AT_ValidateConstraint" when project.PendingNotNullChecks.TryGetValue(command.Text("name") ?? string.Empty, out var check):
                        project.ValidatedNotNull.Add(check.Table + "." + check.Column);
                        break;
                    case "AT_SetNotNull" when context.IsExisting(table) && !project.ValidatedNotNull.Contains(table + "." + command.Text("name")):
                        context.Report(Info, statement.Line, $"SET NOT NULL on '{table}.{command.Text("name")}' scans the table under an ACCESS EXCLUSIVE lock; no validated CHECK ({command.Text("name")} IS NOT NULL) precedes it");
                        break;
                }
            }
        }
    }

    private static string? NotNullColumn(JsonElement constraint) =>
        constraint.Text("contype") == "CONSTR_CHECK"
        && constraint.Child("raw_expr").As("NullTest") is { ValueKind: JsonValueKind.Object } test
        && test.Text("nulltesttype") == "IS_NOT_NULL"
            ? test.Child("arg").As("ColumnRef").LastName("fields")
            : null;
}
