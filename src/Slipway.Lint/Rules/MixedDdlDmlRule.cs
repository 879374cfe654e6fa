using Slipway.Sql;

namespace Slipway.Lint.Rules;

/// <summary>SW014: a MySQL migration that mixes DDL with data changes.</summary>
internal sealed class MixedDdlDmlRule : ILintRule
{
    public LintRuleInfo Info { get; } = new("SW014", "mysql-ddl-dml-mixed", LintSeverity.Warning,
        "On MySQL and MariaDB every DDL statement commits implicitly, so a migration that also changes data cannot run in one transaction: Slipway runs it statement by statement, and a failure half way leaves the statements before it applied (recorded, so the next run resumes, but not rolled back).",
        "Put DDL and data changes in separate migrations: a migration of data changes alone runs in one transaction with its history row and rolls back as a whole.");

    public void Check(ScriptContext context)
    {
        if (context.Dialect != SqlDialect.MySql)
        {
            return;
        }

        var statements = SqlSplitter.Split(context.Script.Sql, SqlDialect.MySql);
        var ddl = statements.Select(s => (Statement: s, Command: TransactionRules.CommitsImplicitly(s, SqlDialect.MySql))).FirstOrDefault(r => r.Command is not null);
        var dml = statements.FirstOrDefault(IsDataChange);
        if (ddl.Command is not null && dml is not null)
        {
            context.Report(Info, ddl.Statement.Line,
                $"{ddl.Command} commits implicitly, and this migration also changes data (line {dml.Line}: {ScriptAnalysis.Head(dml)}): it cannot be atomic");
        }
    }

    private static bool IsDataChange(SqlStatement s) =>
        s.WordAt(0, "INSERT") || s.WordAt(0, "UPDATE") || s.WordAt(0, "DELETE") || s.WordAt(0, "REPLACE") || s.WordAt(0, "LOAD") && s.WordAt(1, "DATA");
}
