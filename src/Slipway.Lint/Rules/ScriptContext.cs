using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Lint.Rules;

/// <summary>One script being checked: its statements, the tables it creates itself, and where findings go.</summary>
internal sealed class ScriptContext(MigrationScript script, IReadOnlyList<Statement> statements, SqlDialect dialect, LintSettings settings, ProjectState project)
{
    private readonly List<(LintRuleInfo Rule, int Line, string Message)> _found = [];

    public MigrationScript Script { get; } = script;

    public IReadOnlyList<Statement> Statements { get; } = statements;

    public SqlDialect Dialect { get; } = dialect;

    public LintSettings Settings { get; } = settings;

    public ProjectState Project { get; } = project;

    /// <summary>
    /// Tables created by this script. Locking or rewriting a table nobody can be using yet is harmless,
    /// so most rules skip them.
    /// </summary>
    public HashSet<string> CreatedTables { get; } = new(
        statements.Where(s => s.Kind == "CreateStmt").Select(s => s.Table!).Where(t => t is not null),
        StringComparer.Ordinal);

    public IReadOnlyList<(LintRuleInfo Rule, int Line, string Message)> Found => _found;

    /// <summary>True for a table that existed before this script (so others may be using it).</summary>
    public bool IsExisting(string? table) => table is not null && !CreatedTables.Contains(table);

    public void Report(LintRuleInfo rule, int line, string message) => _found.Add((rule, line, message));

    /// <summary>The line of the first directive line starting with <paramref name="prefix"/>, else 1.</summary>
    public int DirectiveLine(string prefix)
    {
        var lines = Script.Sql.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("slipway:", StringComparison.Ordinal) && lines[i].Contains(prefix, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 1;
    }
}
