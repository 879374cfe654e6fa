using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>
/// Down scripts get the same treatment as up scripts: a script the server refuses inside a
/// transaction runs statement by statement with its progress recorded, in rollback, verify and dry runs.
/// </summary>
public sealed class PostgresNonTransactionalDownTests
{
    private const string Table = "CREATE TABLE t (a int, b int);";
    private const string Indexes = "CREATE INDEX CONCURRENTLY t_a ON t (a);\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n";
    private const string DropIndexes = "DROP INDEX CONCURRENTLY t_a;\nDROP INDEX CONCURRENTLY t_b;\n";
    private const string IndexCount = "SELECT count(*) FROM pg_class WHERE relname IN ('t_a', 't_b')";

    private static PostgresProvider Provider(TestDatabase db) => new(PostgresConnectionUrl.Parse(db.Url)) { Logger = new CapturingLogger<PostgresProvider>() };

    private static InMemoryMigrationSource Source(params (string Name, string Sql)[] scripts) => new(scripts);

    private static Task<MigrateReport> MigrateAsync(TestDatabase db, InMemoryMigrationSource source) => new Migrator(Provider(db), [source]).MigrateAsync();

    private static Task<RollbackReport> RollbackAsync(TestDatabase db, InMemoryMigrationSource source, string to, CapturingLogger<RollbackRunner>? logger = null) =>
        new RollbackRunner(Provider(db), [source], logger: logger).RunAsync(new RollbackRequest { To = MigrationVersion.Parse(to) });

    [Theory]
    [InlineData(DropIndexes, 2)]
    [InlineData("DROP INDEX CONCURRENTLY t_a;\n", 1)]
    public async Task Rollback_of_concurrent_index_drops_runs_them_outside_a_transaction(string down, int statements)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        var indexes = statements == 2 ? Indexes : "CREATE INDEX CONCURRENTLY t_a ON t (a);\n";
        var source = Source(("V1__table.sql", Table), ("V2__indexes.sql", indexes), ("U2__indexes.sql", down));
        await MigrateAsync(db, source);

        var report = await RollbackAsync(db, source, "1");

        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        Assert.Equal(0, await db.ScalarAsync<long>(IndexCount));
        Assert.Equal(["versioned:1:true", $"rollback:2:true:{statements}"], await db.ColumnAsync(
            "SELECT kind || ':' || version || ':' || success || CASE kind WHEN 'rollback' THEN ':' || statements_done ELSE '' END FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task A_down_script_that_fails_half_way_records_its_progress_and_the_next_rollback_resumes_after_it()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        const string Broken = "DROP INDEX CONCURRENTLY t_a;\nDROP INDEX CONCURRENTLY no_such_index;\nDROP INDEX CONCURRENTLY t_b;\n";
        await MigrateAsync(db, Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", Broken)));

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() =>
            RollbackAsync(db, Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", Broken)), "1"));

        Assert.Contains("statement 2 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("42704", error.Message, StringComparison.Ordinal);
        Assert.Equal(["t_b"], await db.ColumnAsync("SELECT relname::text FROM pg_class WHERE relname IN ('t_a', 't_b')"));
        Assert.Equal(["versioned:1:true:1", "versioned:2:true:2", "rollback:2:false:1"], await db.ColumnAsync(
            "SELECT kind || ':' || version || ':' || success || ':' || statements_done FROM slipway_history ORDER BY id"));

        // Half rolled back is not a state to migrate on top of: every other command says so.
        var blocked = await Assert.ThrowsAsync<ValidationException>(() => MigrateAsync(db, Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", Broken))));
        var problem = Assert.Single(blocked.Problems);
        Assert.Equal("rollback-interrupted", problem.Code);
        Assert.Contains("stopped after statement 1 of its down script", problem.Message, StringComparison.Ordinal);

        var fixedDown = "DROP INDEX CONCURRENTLY t_a;\nDROP INDEX CONCURRENTLY IF EXISTS no_such_index;\nDROP INDEX CONCURRENTLY t_b;\n";
        var logger = new CapturingLogger<RollbackRunner>();
        var report = await RollbackAsync(db, Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", fixedDown)), "1", logger);

        // Statement 1 would fail if it ran again: the index it drops is gone.
        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        Assert.Contains("migration_resumed: U2__indexes.sql: resuming at statement 2 of 3; 1 statement(s) before it were applied by an earlier run", logger.Lines);
        Assert.Equal(0, await db.ScalarAsync<long>(IndexCount));
        Assert.Equal(["versioned:1:true:1", "rollback:2:true:3"], await db.ColumnAsync(
            "SELECT kind || ':' || version || ':' || success || ':' || statements_done FROM slipway_history ORDER BY id"));
        Assert.Empty((await MigrateAsync(db, Source(("V1__table.sql", Table)))).Results);
    }

    [Fact]
    public async Task Repair_clears_an_interrupted_rollback_so_the_version_counts_as_applied_again()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        var source = Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", "DROP INDEX CONCURRENTLY t_a;\nDROP INDEX CONCURRENTLY no_such_index;\n"));
        await MigrateAsync(db, source);
        await Assert.ThrowsAsync<MigrationFailedException>(() => RollbackAsync(db, source, "1"));

        var changes = await new Repairer(Provider(db), [source]).RunAsync();

        Assert.Equal("removed-interrupted-rollback", Assert.Single(changes).Action);
        Assert.Empty((await MigrateAsync(db, source)).Results);
        Assert.Equal(["versioned:1:true", "versioned:2:true", "repair:<< repair >>:true"], await db.ColumnAsync(
            "SELECT kind || ':' || CASE kind WHEN 'repair' THEN script ELSE version END || ':' || success FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task A_down_script_with_the_no_transaction_directive_commits_each_statement_with_its_progress()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        const string Down = "-- slipway: no-transaction\nDELETE FROM effects WHERE step = 1;\nDELETE FROM effects WHERE step = 2;\nINSERT INTO no_such_table VALUES (3);\n";
        var source = Source(("V1__effects.sql", "CREATE TABLE effects (step integer PRIMARY KEY);\nINSERT INTO effects VALUES (1), (2), (3);"), ("U1__effects.sql", Down));
        await MigrateAsync(db, source);

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => RollbackAsync(db, source, "0"));

        Assert.Contains("statement 3 of 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(["3"], await db.ColumnAsync("SELECT step::text FROM effects"));
        Assert.Equal(["rollback:false:2"], await db.ColumnAsync("SELECT kind || ':' || success || ':' || statements_done FROM slipway_history WHERE kind = 'rollback'"));
    }

    [Fact]
    public async Task Verify_runs_concurrent_up_and_down_scripts_statement_by_statement()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        var source = Source(("V1__table.sql", Table), ("U1__table.sql", "DROP TABLE t;"), ("V2__indexes.sql", Indexes), ("U2__indexes.sql", DropIndexes));

        var report = await new Verifier(Provider(db), [source]).RunAsync(new VerifyRequest());

        Assert.Equal(["V1__table.sql", "V2__indexes.sql"], report.Verified);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't'"));
    }

    [Fact]
    public async Task A_dry_run_leaves_out_a_migration_detected_as_non_transactional_instead_of_failing_on_it()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("downtx");
        var source = Source(("V1__table.sql", Table), ("V2__indexes.sql", Indexes));

        var report = await new DryRunner(Provider(db), [source]).RunAsync();

        Assert.Equal(["V1__table.sql"], report.Executed.Select(r => r.Script));
        Assert.Equal(["V2__indexes.sql"], report.NotExecuted.Select(s => s.Name));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't'"));
    }
}
