using System.Globalization;
using System.Runtime.CompilerServices;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Sql;

/// <summary>
/// A migration split into statements, with how it must run and what is wrong with that. Pure; the
/// planner runs it on pending migrations only, so a no-op run never lexes history.
/// </summary>
internal sealed record ScriptAnalysis(IReadOnlyList<SqlStatement> Statements, TransactionMode Mode, IReadOnlyList<ValidationProblem> Problems)
{
    // One analysis per script object: a run plans twice (before and under the lock), applies, audits
    // and sends the statements, and lexing every script five times was a fifth of an apply's CPU.
    private static readonly ConditionalWeakTable<MigrationScript, ScriptAnalysis> Analyses = [];

    /// <summary>The first statement the server refuses inside a transaction, and its command name; null when none.</summary>
    public (SqlStatement Statement, string Command)? FirstRefused { get; init; }

    /// <summary>The dialect the script was split for.</summary>
    public SqlDialect Dialect { get; init; }

    /// <summary>The analysis of <paramref name="script"/>, computed once per script object and dialect.</summary>
    public static ScriptAnalysis Of(MigrationScript script, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (Analyses.TryGetValue(script, out var known) && known.Dialect == dialect)
        {
            return known;
        }

        var analysis = Analyze(script, dialect);
        Analyses.AddOrUpdate(script, analysis);
        return analysis;
    }

    private static ScriptAnalysis Analyze(MigrationScript script, SqlDialect dialect)
    {
        var statements = SqlSplitter.Split(script.Sql, dialect);
        var refused = statements
            .Select(s => (Statement: s, Command: TransactionRules.RefusedInTransaction(s, dialect)))
            .Where(r => r.Command is not null)
            .Select(r => (r.Statement, Command: r.Command!))
            .ToList();
        var problems = new List<ValidationProblem>();
        var mode = TransactionMode.Transactional;
        if (script.Directives.NoTransaction)
        {
            mode = TransactionMode.NoTransactionDirective;
        }
        else if (refused.Count > 0 && refused.Count == statements.Count)
        {
            mode = TransactionMode.NoTransactionDetected;
        }
        else if (refused.Count > 0)
        {
            var (statement, command) = refused[0];
            var other = statements.First(s => TransactionRules.RefusedInTransaction(s, dialect) is null);
            problems.Add(ValidationProblem.Error("mixed-transaction", At(script, statement),
                $"{command} cannot run inside a transaction, but this migration also has statements that need one (line {Number(other.Line)}: {Head(other)}). " +
                $"Move the {command} statement(s) into a migration of their own (Slipway then runs it without a transaction by itself), " +
                "or add '-- slipway: no-transaction' as the first line to run every statement on its own, each committed separately"));
        }

        if (mode != TransactionMode.Transactional)
        {
            foreach (var control in statements.Where(TransactionRules.IsTransactionControl))
            {
                problems.Add(ValidationProblem.Error("transaction-control", At(script, control),
                    $"'{Head(control)}' in a migration that runs without a transaction: each statement already commits on its own, so remove BEGIN/COMMIT/ROLLBACK" +
                    (mode == TransactionMode.NoTransactionDirective ? ", or drop the no-transaction directive to run the whole migration in one transaction" : string.Empty)));
            }
        }

        return new ScriptAnalysis(statements, mode, problems) { FirstRefused = refused.Count > 0 ? refused[0] : null, Dialect = dialect };
    }

    /// <summary>Where a statement is, as <c>file:line</c>.</summary>
    public static string At(MigrationScript script, SqlStatement statement) => script.Location + ":" + Number(statement.Line);

    /// <summary>The statement's first words, for messages.</summary>
    public static string Head(SqlStatement statement)
    {
        var words = statement.Tokens.Take(4).Select(t => t.Text);
        var text = string.Join(' ', words);
        return statement.Tokens.Count > 4 ? text + " ..." : text;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
