using System.Text.Json;

namespace Slipway.Lint.Rules;

/// <summary>SW003: <c>ADD COLUMN</c> whose default must be computed per row, which rewrites the whole table.</summary>
internal sealed class VolatileDefaultRule : ILintRule
{
    // Functions that are not volatile, so PostgreSQL 11+ stores the default once without a rewrite.
    // Anything else may be volatile: user functions are VOLATILE unless declared otherwise.
    private static readonly HashSet<string> StableFunctions = new(StringComparer.Ordinal)
    {
        "now", "transaction_timestamp", "statement_timestamp", "current_setting", "lower", "upper", "btrim", "length",
        "to_jsonb", "jsonb_build_object", "json_build_object", "jsonb_build_array", "array_fill", "make_date", "make_interval",
    };

    private static readonly HashSet<string> SerialTypes = new(StringComparer.Ordinal)
    {
        "serial", "serial2", "serial4", "serial8", "smallserial", "bigserial",
    };

    public LintRuleInfo Info { get; } = new("SW003", "volatile-default", LintSeverity.Error,
        "ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval(), a serial type, an identity or a stored generated column) rewrites every row under an ACCESS EXCLUSIVE lock: reads and writes stop until it finishes.",
        "Add the column without a default (or with a constant one), set the default with ALTER COLUMN ... SET DEFAULT for new rows, and backfill existing rows in batches in a later migration.");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => context.IsExisting(s.Table)))
        {
            foreach (var command in statement.AlterCommands.Where(c => c.Text("subtype") == "AT_AddColumn"))
            {
                var column = command.Child("def").As("ColumnDef");
                if (Reason(column) is { } reason)
                {
                    context.Report(Info, statement.Line, $"adding column '{column.Text("colname")}' to existing table '{statement.Table}' with {reason} rewrites the whole table under an ACCESS EXCLUSIVE lock");
                }
            }
        }
    }

    private static string? Reason(JsonElement column)
    {
        if (column.Child("typeName").LastName("names") is { } type && SerialTypes.Contains(type))
        {
            return $"type {type} (a nextval() default)";
        }

        foreach (var constraint in column.Items("constraints").Select(c => c.As("Constraint")))
        {
            switch (constraint.Text("contype"))
            {
                case "CONSTR_IDENTITY":
                    return "an identity";
                case "CONSTR_GENERATED":
                    return "a stored generated expression";
                case "CONSTR_DEFAULT":
                    var volatileCall = constraint.Child("raw_expr").Descendants("FuncCall")
                        .Select(f => f.LastName("funcname"))
                        .FirstOrDefault(name => name is not null && !StableFunctions.Contains(name));
                    if (volatileCall is not null)
                    {
                        return $"the volatile default {volatileCall}()";
                    }

                    break;
            }
        }

        return null;
    }
}
