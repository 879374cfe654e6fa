using System.Text;
using System.Text.Json;
using Slipway.Discovery;
using Slipway.Lint.Native;
using Slipway.Lint.Rules;
using Slipway.Sql;

namespace Slipway.Lint;

/// <summary>
/// Checks migrations for operations that lock or break production, with PostgreSQL's own parser
/// (libpg_query, loaded at run time). Scripts are checked in the order given (version order), so
/// facts established by one migration (a validated NOT NULL check) count for the next.
/// </summary>
public sealed class Linter
{
    private readonly LintSettings _settings;

    /// <summary>Creates a linter with project settings (defaults when null).</summary>
    public Linter(LintSettings? settings = null) => _settings = settings ?? new LintSettings();

    /// <summary>True when libpg_query can be loaded on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                PgQueryParser.EnsureAvailable();
                return true;
            }
            catch (LintUnavailableException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Lints the up scripts. Throws <see cref="LintUnavailableException"/> when libpg_query is missing.
    /// Down scripts are not linted: undoing a change is destructive by nature. With
    /// <paramref name="reportOnly"/>, every script is still read (in order, for facts that carry over)
    /// but only findings in the named scripts are reported, e.g. only pending migrations.
    /// </summary>
    public LintReport Lint(IEnumerable<MigrationScript> scripts, SqlDialect dialect, IReadOnlySet<string>? reportOnly = null)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        if (dialect != SqlDialect.MySql)
        {
            PgQueryParser.EnsureAvailable();
        }

        var project = new ProjectState();
        var findings = new List<LintFinding>();
        var suppressed = 0;
        var count = 0;
        foreach (var script in scripts)
        {
            var findingsOfScript = Check(script, dialect, project);
            if (reportOnly is not null && !reportOnly.Contains(script.Name))
            {
                continue;
            }

            count++;
            foreach (var (rule, line, message) in findingsOfScript)
            {
                if (IsSuppressed(rule, script))
                {
                    suppressed++;
                    continue;
                }

                var severity = _settings.Severity.TryGetValue(rule.Id, out var overridden) || _settings.Severity.TryGetValue(rule.Name, out overridden) ? overridden : rule.Severity;
                findings.Add(new LintFinding(rule, severity, script.Location, line, message));
            }
        }

        return new LintReport { Findings = findings, ScriptCount = count, Suppressed = suppressed, Dialect = dialect };
    }

    private bool IsSuppressed(LintRuleInfo rule, MigrationScript script) =>
        _settings.Disabled.Any(rule.Matches) || script.Directives.LintIgnores.Any(i => rule.Matches(i.RuleId));

    private IReadOnlyList<(LintRuleInfo Rule, int Line, string Message)> Check(MigrationScript script, SqlDialect dialect, ProjectState project)
    {
        if (dialect == SqlDialect.MySql)
        {
            // PostgreSQL's parser does not read MySQL: only the rules built on Slipway's own lexer apply.
            var mysql = new ScriptContext(script, [], dialect, _settings, project);
            foreach (var rule in LintRules.MySqlChecks)
            {
                rule.Check(mysql);
            }

            return [.. mysql.Found.OrderBy(f => f.Line)];
        }

        var source = new SourceText(script.Sql);
        var documents = new List<JsonDocument>();
        try
        {
            var statements = new List<Statement>();
            if (dialect == SqlDialect.PostgreSql)
            {
                var (tree, error) = PgQueryParser.Parse(script.Sql);
                if (error is not null)
                {
                    return [(LintRules.ParseError, source.LineAt(Math.Max(0, error.Position - 1)), "not valid PostgreSQL: " + error.Message)];
                }

                documents.Add(tree!);
                statements.AddRange(Statements(tree!, source, 0));
            }
            else
            {
                // SQLite has its own dialect: parse statement by statement and check the ones
                // PostgreSQL's grammar also understands (DROP, ALTER TABLE ... RENAME/DROP COLUMN).
                foreach (var (offset, length) in PgQueryParser.Split(script.Sql))
                {
                    var (tree, error) = PgQueryParser.Parse(Encoding.UTF8.GetString(source.Bytes, offset, Math.Min(length, source.Bytes.Length - offset)));
                    if (tree is not null)
                    {
                        documents.Add(tree);
                        statements.AddRange(Statements(tree, source, offset));
                    }
                }
            }

            var context = new ScriptContext(script, statements, dialect, _settings, project);
            foreach (var rule in LintRules.Checks.Where(r => r is not MixedDdlDmlRule && (dialect == SqlDialect.PostgreSql || r.Info.AppliesToSqlite)))
            {
                rule.Check(context);
            }

            return [.. context.Found.OrderBy(f => f.Line)];
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    private static IEnumerable<Statement> Statements(JsonDocument tree, SourceText source, int baseOffset)
    {
        foreach (var raw in tree.RootElement.Items("stmts"))
        {
            var offset = raw.TryGetProperty("stmt_location", out var location) ? location.GetInt32() : 0;
            foreach (var node in raw.Child("stmt").EnumerateObject())
            {
                yield return new Statement(node.Name, node.Value, source.LineOfStatement(baseOffset + offset));
            }
        }
    }
}
