using Slipway.Discovery;

namespace Slipway.Lint.Rules;

/// <summary>SW007: <c>DROP TABLE</c> or <c>DROP COLUMN</c> in a pre-deploy migration.</summary>
internal sealed class DropInPreDeployRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW007", "drop-in-pre-deploy", LintSeverity.Error,
        "Pre-deploy migrations run while the previous version of the application is still serving traffic; it still reads and writes the table or column, so dropping it breaks the running application (and a rollback of the app).",
        "Stop using the table or column in one release, then drop it in a migration marked '-- slipway: phase=post-deploy' (runs after every pod has the new version).",
        AppliesToSqlite: true);

    public void Check(ScriptContext context)
    {
        if (context.Script.Phase != MigrationPhase.PreDeploy)
        {
            return;
        }

        foreach (var statement in context.Statements)
        {
            if (statement.Kind == "DropStmt" && statement.Node.Text("removeType") == "OBJECT_TABLE")
            {
                foreach (var table in statement.Node.Items("objects").Select(o => o.DottedName()).Where(context.IsExisting))
                {
                    context.Report(Info, statement.Line, $"DROP TABLE '{table}' in a pre-deploy migration breaks the application version still running");
                }
            }

            foreach (var command in statement.AlterCommands.Where(c => c.Text("subtype") == "AT_DropColumn" && context.IsExisting(statement.Table)))
            {
                context.Report(Info, statement.Line, $"DROP COLUMN '{statement.Table}.{command.Text("name")}' in a pre-deploy migration breaks the application version still running");
            }
        }
    }
}
