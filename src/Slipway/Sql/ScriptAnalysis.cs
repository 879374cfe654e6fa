using System.Globalization;
using System.Runtime.CompilerServices;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Sql;

/// <summary>
/// The one answer to "does this script run in a transaction, and as which statements", for up and
/// down scripts alike and for every caller (migrate, rollback, verify, dry run, audit, planner). Pure;
/// the planner runs it on pending migrations only, so a no-op run never lexes history.
/// </summary>
internal sealed record ScriptAnalysis(IReadOnlyList<SqlStatement> Statements, TransactionMode Mode, IReadOnlyList<ValidationProblem> Problems)
{
    // One analysis per script object: a run plans twice (before and under the lock), applies, audits
    // and sends the statements, and each of them needs the same split.
    private static readonly ConditionalWeakTable<MigrationScript, ScriptAnalysis> Analyses = [];
    private static readonly ConditionalWeakTable<MigrationScript, ScriptAnalysis> DownAnalyses = [];

    /// <summary>The first statement the server refuses inside a transaction, and its command name; null when none.</summary>
    public (SqlStatement Statement, string Command)? FirstRefused { get; init; }

    /// <summary>The dialect the script was split for.</summary>
    public SqlDialect Dialect { get; init; }

    /// <summary>Where the script came from, for messages.</summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>The script's own directives.</summary>
    public MigrationDirectives Directives { get; init; } = MigrationDirectives.Default;

    /// <summary>True when the script runs in one transaction together with its history row.</summary>
    public bool Transactional => Mode == TransactionMode.Transactional;

    /// <summary>The analysis of <paramref name="script"/>'s up script, computed once per script object and dialect.</summary>
    public static ScriptAnalysis Of(MigrationScript script, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Cached(Analyses, script, dialect, static (s, d) => Of(s.Location, s.Sql, s.Directives, d));
    }

    /// <summary>The analysis of <paramref name="script"/>'s down script (which must exist), computed once per script object and dialect.</summary>
    public static ScriptAnalysis OfDown(MigrationScript script, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (script.DownSql is null)
        {
            throw new ArgumentException($"{script.Name} has no down script", nameof(script));
        }

        return Cached(DownAnalyses, script, dialect, static (s, d) =>
        {
            var location = s.DownLocation ?? s.DownName ?? s.Location;
            return Of(location, s.DownSql!, DirectiveParser.Parse(s.DownSql!, location, new List<ValidationProblem>()), d);
        });
    }

    /// <summary>
    /// The analysis of any script: <paramref name="location"/> names it in messages, <paramref name="directives"/>
    /// are its own (a <c>no-transaction</c> directive makes it run statement by statement).
    /// </summary>
    public static ScriptAnalysis Of(string location, string sql, MigrationDirectives directives, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(directives);
        return Analyze(location, sql, directives, dialect);
    }

    private static ScriptAnalysis Cached(ConditionalWeakTable<MigrationScript, ScriptAnalysis> table, MigrationScript script, SqlDialect dialect, Func<MigrationScript, SqlDialect, ScriptAnalysis> analyze)
    {
        if (table.TryGetValue(script, out var known) && known.Dialect == dialect)
        {
            return known;
        }

        var analysis = analyze(script, dialect);
        table.AddOrUpdate(script, analysis);
        return analysis;
    }

    private static ScriptAnalysis Analyze(string location, string sql, MigrationDirectives directives, SqlDialect dialect)
    {
        var statements = SqlSplitter.Split(sql, dialect);
        var refused = statements
            .Select(s => (Statement: s, Command: TransactionRules.RefusedInTransaction(s, dialect)))
            .Where(r => r.Command is not null)
            .Select(r => (r.Statement, Command: r.Command!))
            .ToList();
        var problems = new List<ValidationProblem>();
        var mode = TransactionMode.Transactional;
        var committing = statements
            .Select(s => (Statement: s, Command: TransactionRules.CommitsImplicitly(s, dialect)))
            .FirstOrDefault(r => r.Command is not null);
        if (directives.NoTransaction)
        {
            mode = TransactionMode.NoTransactionDirective;
        }
        else if (committing.Command is not null)
        {
            // MySQL: DDL commits whatever came before it, so no transaction could hold the migration.
            mode = TransactionMode.ImplicitCommit;
            refused.Insert(0, (committing.Statement, committing.Command));
        }
        else if (refused.Count > 0 && refused.Count == statements.Count)
        {
            mode = TransactionMode.NoTransactionDetected;
        }
        else if (refused.Count > 0)
        {
            var (statement, command) = refused[0];
            var other = statements.First(s => TransactionRules.RefusedInTransaction(s, dialect) is null);
            problems.Add(ValidationProblem.Error("mixed-transaction", At(location, statement),
                $"{command} cannot run inside a transaction, but this migration also has statements that need one (line {Number(other.Line)}: {Head(other)}). " +
                $"Move the {command} statement(s) into a migration of their own (Slipway then runs it without a transaction by itself), " +
                "or add '-- slipway: no-transaction' as the first line to run every statement on its own, each committed separately"));
        }

        if (mode != TransactionMode.Transactional)
        {
            foreach (var control in statements.Where(TransactionRules.IsTransactionControl))
            {
                problems.Add(ValidationProblem.Error("transaction-control", At(location, control),
                    $"'{Head(control)}' in a migration that runs without a transaction: each statement already commits on its own, so remove BEGIN/COMMIT/ROLLBACK" +
                    (mode == TransactionMode.NoTransactionDirective ? ", or drop the no-transaction directive to run the whole migration in one transaction" : string.Empty)));
            }
        }

        return new ScriptAnalysis(statements, mode, problems) { FirstRefused = refused.Count > 0 ? refused[0] : null, Dialect = dialect, Location = location, Directives = directives };
    }

    /// <summary>
    /// What stops an earlier, unfinished statement-by-statement run of this script (its progress row)
    /// from resuming: the script now runs in one transaction, or it has fewer statements than were done.
    /// </summary>
    public IEnumerable<ValidationProblem> ResumeProblems(AppliedMigration? progress)
    {
        if (progress is { StatementsDone: > 0 } && Transactional)
        {
            yield return ValidationProblem.Error("partial-run-now-transactional", Location,
                $"an earlier run applied {progress.StatementsDone} statement(s) of it without a transaction (history id {progress.Id}), but it would now run in one transaction; " +
                "restore '-- slipway: no-transaction' so the next run resumes at the first unfinished statement");
        }
        else if (progress is not null && progress.StatementsDone > Statements.Count)
        {
            yield return ValidationProblem.Error("partial-run-changed", Location,
                $"an earlier run applied {progress.StatementsDone} statement(s) of it, but it now has only {Statements.Count}; only fix the failed statement or the ones after it, never the applied ones");
        }
    }

    /// <summary>Where a statement is, as <c>file:line</c>.</summary>
    public static string At(string location, SqlStatement statement) => location + ":" + Number(statement.Line);

    /// <summary>The statement's first words, for messages.</summary>
    public static string Head(SqlStatement statement)
    {
        var words = statement.Tokens.Take(4).Select(t => t.Text);
        var text = string.Join(' ', words);
        return statement.Tokens.Count > 4 ? text + " ..." : text;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
