using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Tests.Sql;

public sealed class TransactionPlanningTests
{
    private static MigrationPlan Plan(string sql, IReadOnlyList<AppliedMigration>? history = null, SqlDialect dialect = SqlDialect.PostgreSql) =>
        Planner.Plan(MigrationCatalog.Build([new SourceFile("V3__x.sql", "migrations/V3__x.sql", sql)]), history ?? [], new PlanRequest(), dialect);

    private static MigrationScript Script(string sql) =>
        Assert.Single(MigrationCatalog.Build([new SourceFile("V3__x.sql", "migrations/V3__x.sql", sql)]).Versioned);

    [Fact]
    public void A_migration_of_only_concurrent_index_statements_runs_without_a_transaction_by_itself()
    {
        var analysis = ScriptAnalysis.Of(Script("CREATE INDEX CONCURRENTLY a ON t (a);\n-- why\nDROP INDEX CONCURRENTLY IF EXISTS b;\n"), SqlDialect.PostgreSql);

        Assert.Equal(TransactionMode.NoTransactionDetected, analysis.Mode);
        Assert.Equal(2, analysis.Statements.Count);
        Assert.Empty(analysis.Problems);
    }

    [Fact]
    public void An_ordinary_migration_stays_transactional_and_so_does_vacuum_free_sqlite()
    {
        Assert.Equal(TransactionMode.Transactional, ScriptAnalysis.Of(Script("CREATE TABLE t (a int); CREATE INDEX i ON t (a);"), SqlDialect.PostgreSql).Mode);
        Assert.Equal(TransactionMode.Transactional, ScriptAnalysis.Of(Script("CREATE INDEX CONCURRENTLY i ON t (a);"), SqlDialect.Sqlite).Mode);
        Assert.Equal(TransactionMode.NoTransactionDetected, ScriptAnalysis.Of(Script("VACUUM;"), SqlDialect.Sqlite).Mode);
    }

    [Fact]
    public void Mixing_a_concurrent_index_with_transactional_statements_is_an_error_naming_the_line_and_the_way_out()
    {
        var plan = Plan("CREATE TABLE t (a int);\n\nINSERT INTO t VALUES (1);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("mixed-transaction", problem.Code);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal("migrations/V3__x.sql:4", problem.Location);
        Assert.Contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction", problem.Message, StringComparison.Ordinal);
        Assert.Contains("line 1: CREATE TABLE t (", problem.Message, StringComparison.Ordinal);
        Assert.Contains("-- slipway: no-transaction", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_directive_makes_a_mixed_migration_valid()
    {
        var plan = Plan("-- slipway: no-transaction\nCREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");
        Assert.Empty(plan.Problems);
        Assert.Single(plan.Pending);
    }

    [Theory]
    [InlineData("-- slipway: no-transaction\nCREATE TABLE t (a int);\nBEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\n", new[] { 3, 5 })]
    [InlineData("-- slipway: no-transaction\nVACUUM;\nROLLBACK;\n", new[] { 3 })]
    public void Begin_and_commit_are_refused_in_a_migration_without_a_transaction(string sql, int[] lines)
    {
        var plan = Plan(sql, dialect: SqlDialect.Sqlite);
        var problems = plan.Problems.Where(p => p.Code == "transaction-control").ToList();
        Assert.Equal(lines.Select(l => "migrations/V3__x.sql:" + l), problems.Select(p => p.Location));
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Error, p.Severity));
    }

    [Fact]
    public void Begin_and_commit_in_an_ordinary_migration_are_left_alone()
    {
        Assert.Empty(Plan("BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\n").Problems);
    }

    [Fact]
    public void A_partial_run_of_a_migration_that_would_now_run_in_a_transaction_is_an_error()
    {
        var progress = new AppliedMigration { Id = 9, Version = MigrationVersion.Parse("3"), Description = "x", Kind = MigrationKind.Versioned, Script = "V3__x.sql", Success = false, StatementsDone = 2 };

        var plan = Plan("CREATE TABLE t (a int);\nCREATE TABLE u (a int);\nCREATE TABLE v (a int);\n", [progress]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("partial-run-now-transactional", problem.Code);
        Assert.Equal(MigrationState.Failed, Assert.Single(plan.Entries).State);
    }

    [Fact]
    public void Applied_migrations_are_not_lexed_again()
    {
        const string Mixed = "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n";
        var applied = new AppliedMigration { Id = 1, Version = MigrationVersion.Parse("3"), Description = "x", Kind = MigrationKind.Versioned, Script = "V3__x.sql", Checksum = Checksum.Compute(Mixed) };

        Assert.Empty(Plan(Mixed, [applied]).Problems);
    }
}
