using Slipway.Discovery;

namespace Slipway.Lint.Rules;

/// <summary>SW008: renaming a table or column in a pre-deploy migration.</summary>
internal sealed class RenameInPreDeployRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW008", "rename-in-pre-deploy", LintSeverity.Error,
        "A rename is instant, but the application version still running uses the old name: its queries fail from the moment the migration commits until every pod runs the new version.",
        "Expand and contract: add the new column (or a view with the new name), write both, backfill, switch reads, and drop the old name in a '-- slipway: phase=post-deploy' migration.",
        AppliesToSqlite: true);

    public void Check(ScriptContext context)
    {
        if (context.Script.Phase != MigrationPhase.PreDeploy)
        {
            return;
        }

        foreach (var statement in context.Statements.Where(s => s.Kind == "RenameStmt" && context.IsExisting(s.Table)))
        {
            switch (statement.Node.Text("renameType"))
            {
                case "OBJECT_TABLE" or "OBJECT_VIEW" or "OBJECT_MATVIEW":
                    context.Report(Info, statement.Line, $"renaming '{statement.Table}' to '{statement.Node.Text("newname")}' in a pre-deploy migration breaks the application version still running");
                    break;
                case "OBJECT_COLUMN":
                    context.Report(Info, statement.Line, $"renaming column '{statement.Table}.{statement.Node.Text("subname")}' to '{statement.Node.Text("newname")}' in a pre-deploy migration breaks the application version still running");
                    break;
            }
        }
    }
}
