using Slipway.Discovery;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>A migration that fails part way, sent to the server as one pipelined batch.</summary>
public sealed class PostgresFailureTests
{
    [Fact]
    public async Task A_failing_third_statement_is_reported_at_its_own_line_and_nothing_of_the_migration_stays()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("failline");
        const string Script = """
            CREATE TABLE first_effect (id int);

            INSERT INTO first_effect VALUES (1);
            -- the next statement fails on its second line
            SELECT 1
              FROM no_such_table;
            CREATE TABLE never_created (id int);
            """;
        var migrator = new Migrator(
            new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)),
            [new InMemoryMigrationSource(("V1__ok.sql", "CREATE TABLE kept (id int);"), ("V2__broken.sql", Script))]);

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.MigrateAsync());

        Assert.Contains("V2__broken.sql at line 6: 42P01", error.Message, StringComparison.Ordinal);
        Assert.Equal(["kept"], await db.ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'slipway_history' ORDER BY 1"));
        Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));

        // The session is usable afterwards: a fixed script applies on the next run.
        var fixedRun = new Migrator(
            new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)),
            [new InMemoryMigrationSource(("V1__ok.sql", "CREATE TABLE kept (id int);"), ("V2__broken.sql", "CREATE TABLE first_effect (id int);"))]);
        var report = await fixedRun.MigrateAsync();
        Assert.Single(report.Results);
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
    }
}
