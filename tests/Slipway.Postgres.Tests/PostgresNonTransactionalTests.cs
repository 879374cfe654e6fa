using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>Migrations that run without a transaction, statement by statement, against a real server.</summary>
public sealed class PostgresNonTransactionalTests
{
    private const string Steps = """
        -- slipway: no-transaction
        INSERT INTO effects VALUES (1);
        INSERT INTO effects VALUES (2);
        INSERT INTO {0} VALUES (3);
        INSERT INTO effects VALUES (4);
        INSERT INTO effects VALUES (5);
        """;

    private static Migrator Create(TestDatabase db, CapturingLogger<Migrator>? logger = null, CapturingLogger<PostgresProvider>? providerLogger = null, params (string, string)[] scripts) =>
        new(new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)) { Logger = providerLogger ?? new CapturingLogger<PostgresProvider>() }, [new InMemoryMigrationSource(scripts)], logger: logger);

    [Fact]
    public async Task A_failure_in_statement_3_of_5_records_2_done_and_the_fixed_file_resumes_at_statement_3()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        const string Setup = "CREATE TABLE effects (step integer PRIMARY KEY);";

        // Sessions that print dates day first and in a zone 13:45 ahead: the start kept between runs must
        // read back the same.
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET DateStyle = 'SQL, DMY'; ALTER DATABASE \"{db.Name}\" SET TimeZone = 'Pacific/Chatham'");

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() =>
            Create(db, null, null, ("V1__setup.sql", Setup), ("V2__steps.sql", Steps.Replace("{0}", "no_such_table", StringComparison.Ordinal))).MigrateAsync());

        Assert.Contains("memory:V2__steps.sql:4 (statement 3 of 5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("42P01", error.Message, StringComparison.Ordinal);
        Assert.Contains("resumes at statement 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT step FROM effects ORDER BY step"));
        Assert.Equal(["2:false:2"], await db.ColumnAsync("SELECT version || ':' || success || ':' || statements_done FROM slipway_history WHERE version = '2'"));
        var started = await db.ColumnAsync("SELECT started_at::text FROM slipway_history WHERE version = '2'");

        var logger = new CapturingLogger<Migrator>();
        var report = await Create(db, logger, null, ("V1__setup.sql", Setup), ("V2__steps.sql", Steps.Replace("{0}", "effects", StringComparison.Ordinal))).MigrateAsync();

        // Statements 1 and 2 inserted primary keys: running them again would have failed the run.
        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        Assert.Equal(["1", "2", "3", "4", "5"], await db.ColumnAsync("SELECT step FROM effects ORDER BY step"));
        Assert.Equal(["2:true:5"], await db.ColumnAsync("SELECT version || ':' || success || ':' || statements_done FROM slipway_history WHERE version = '2'"));

        // The row keeps the start of the migration's first statement, in the run that failed.
        Assert.Equal(started, await db.ColumnAsync("SELECT started_at::text FROM slipway_history WHERE version = '2'"));
        Assert.Contains("migration_resumed: V2__steps.sql: resuming at statement 3 of 5; 2 statement(s) before it were applied by an earlier run", logger.Lines);
        Assert.DoesNotContain(logger.Lines, l => l.Contains("statement 1 of 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_history_row_spans_every_statement_not_only_the_last()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        await Create(db, null, null, ("V1__slow.sql", "-- slipway: no-transaction\nSELECT pg_sleep(0.8);\nSELECT 1;\nSELECT 2;")).MigrateAsync();

        // The first statement alone takes 0.8 s: a row that started with the last statement says about 0.
        Assert.Equal(["true:3"], await db.ColumnAsync("SELECT success || ':' || statements_done FROM slipway_history WHERE version = '1'"));
        Assert.Equal(["true:true"], await db.ColumnAsync("SELECT (execution_ms >= 800)::text || ':' || (finished_at - started_at >= interval '0.8 s')::text FROM slipway_history WHERE version = '1'"));
    }

    [Fact]
    public async Task Progress_is_one_history_row_replaced_after_each_statement()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        // Statement 3 reads the history while the migration runs: it sees the row recording 2 done.
        const string Sql = """
            -- slipway: no-transaction
            CREATE TABLE seen (rows_for_v2 bigint, done integer);
            SELECT 1;
            INSERT INTO seen SELECT count(*), max(statements_done) FROM slipway_history WHERE version = '2' AND NOT success;
            """;

        await Create(db, scripts: [("V2__progress.sql", Sql)]).MigrateAsync();

        Assert.Equal("1/2", await db.ScalarAsync<string>("SELECT rows_for_v2 || '/' || done FROM seen"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history"));
    }

    [Fact]
    public async Task An_invalid_index_left_by_a_failed_concurrent_build_is_dropped_and_built_again()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        const string Setup = "CREATE TABLE items (name text);\nINSERT INTO items VALUES ('a'), ('a'), ('b');";
        const string Index = "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_name_uq ON items (name);";
        const string IsValid = "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass('items_name_uq')";

        var failed = await Assert.ThrowsAsync<MigrationFailedException>(() => Create(db, scripts: [("V1__items.sql", Setup), ("V2__index.sql", Index)]).MigrateAsync());
        Assert.Contains("23505", failed.Message, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>(IsValid), "the failed concurrent build should leave an INVALID index");

        await db.ExecuteAsync("DELETE FROM items a USING items b WHERE a.name = b.name AND a.ctid < b.ctid");
        var providerLogger = new CapturingLogger<PostgresProvider>();
        var report = await Create(db, null, providerLogger, ("V1__items.sql", Setup), ("V2__index.sql", Index)).MigrateAsync();

        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        // IF NOT EXISTS alone would have kept the invalid index; it was rebuilt instead, and the log says so.
        Assert.True(await db.ScalarAsync<bool>(IsValid));
        Assert.Contains(providerLogger.Lines, l => l.StartsWith("invalid_index_rebuilt: Index items_name_uq is INVALID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_index_is_left_alone_when_its_statement_runs_again()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        await db.ExecuteAsync("CREATE TABLE items (name text); CREATE UNIQUE INDEX items_name_uq ON items (name);");
        var oid = await db.ScalarAsync<long>("SELECT 'items_name_uq'::regclass::oid");
        var providerLogger = new CapturingLogger<PostgresProvider>();

        await Create(db, null, providerLogger, ("V1__index.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_name_uq ON items (name);")).MigrateAsync();

        Assert.Equal(oid, await db.ScalarAsync<long>("SELECT 'items_name_uq'::regclass::oid"));
        Assert.Empty(providerLogger.Lines);
    }

    [Fact]
    public async Task A_migration_of_only_concurrent_statements_runs_without_a_transaction_and_says_so()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        var logger = new CapturingLogger<Migrator>();

        await Create(db, logger, null,
            ("V1__table.sql", "CREATE TABLE t (a int, b int);"),
            ("V2__indexes.sql", "CREATE INDEX CONCURRENTLY t_a ON t (a);\nCREATE INDEX CONCURRENTLY t_b ON t (b);\n")).MigrateAsync();

        Assert.Contains(logger.Lines, l => l.StartsWith("no_transaction_detected: V2__indexes.sql: every statement (2) must run outside a transaction (CREATE INDEX CONCURRENTLY)", StringComparison.Ordinal));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('t_a', 't_b') AND i.indisvalid"));
        Assert.Equal("2", await db.ScalarAsync<string>("SELECT statements_done::text FROM slipway_history WHERE version = '2' AND success"));
    }

    [Fact]
    public async Task Mixing_a_concurrent_index_with_other_statements_is_a_validation_error_and_nothing_runs()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        var migrator = Create(db, scripts: [("V1__mixed.sql", "CREATE TABLE t (a int);\n\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n")]);

        var error = await Assert.ThrowsAsync<ValidationException>(() => migrator.MigrateAsync());

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("mixed-transaction", "memory:V1__mixed.sql:3"), (problem.Code, problem.Location));
        Assert.False(await db.ScalarAsync<bool>("SELECT to_regclass('t') IS NOT NULL"));
    }

    [Fact]
    public async Task Begin_and_commit_in_a_no_transaction_migration_are_refused()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("nontx");
        var migrator = Create(db, scripts: [("V1__tx.sql", "-- slipway: no-transaction\nBEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\n")]);

        var error = await Assert.ThrowsAsync<ValidationException>(() => migrator.ValidateAsync());

        Assert.Equal(["memory:V1__tx.sql:2", "memory:V1__tx.sql:4"], error.Problems.Where(p => p.Code == "transaction-control").Select(p => p.Location));
    }
}
