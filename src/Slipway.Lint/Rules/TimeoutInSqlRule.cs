namespace Slipway.Lint.Rules;

/// <summary>SW011: <c>SET lock_timeout</c> / <c>statement_timeout</c> inside the SQL, overriding Slipway's limits.</summary>
internal sealed class TimeoutInSqlRule : ILintRule
{
    private static readonly HashSet<string> Settings = new(StringComparer.Ordinal) { "lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout" };

    public LintRuleInfo Info { get; } = new("SW011", "timeout-in-sql", LintSeverity.Warning,
        "Slipway sets lock_timeout and statement_timeout for every migration (with lock-timeout retries). A SET in the script silently replaces them, and SET (without LOCAL) outlives the migration on the connection.",
        "Use the directives '-- slipway: lock-timeout=2s' and '-- slipway: statement-timeout=10min' instead.");

    public void Check(ScriptContext context)
    {
        foreach (var statement in context.Statements.Where(s => s.Kind == "VariableSetStmt" && Settings.Contains(s.Node.Text("name") ?? string.Empty)))
        {
            context.Report(Info, statement.Line, $"SET {statement.Node.Text("name")} in the script overrides the limits Slipway applies; use a directive");
        }
    }
}
