using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>Migrations that run without a transaction on a real SQLite file.</summary>
public sealed class SqliteNonTransactionalTests : IDisposable
{
    private const string Setup = "CREATE TABLE effects (step INTEGER PRIMARY KEY);\nCREATE TABLE audit (step INTEGER);";

    // Statement 2 is a trigger whose body holds semicolons: it must reach SQLite whole.
    private const string Steps = """
        -- slipway: no-transaction
        INSERT INTO effects VALUES (1);
        CREATE TRIGGER effects_audit AFTER INSERT ON effects
        BEGIN
            INSERT INTO audit VALUES (new.step);
            UPDATE audit SET step = CASE WHEN step > 100 THEN 100 ELSE step END;
        END;
        INSERT INTO {0} VALUES (3);
        INSERT INTO effects VALUES (4);
        VACUUM;
        """;

    private readonly TempDirectory _dir = new();

    private string File => _dir["app.db"];

    private Migrator Create(string table, CapturingLogger<Migrator>? logger = null) =>
        new(new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + File)),
            [new InMemoryMigrationSource(("V1__setup.sql", Setup), ("V2__steps.sql", Steps.Replace("{0}", table, StringComparison.Ordinal)))],
            logger: logger);

    [Fact]
    public async Task A_failure_in_statement_3_of_5_resumes_at_statement_3_once_fixed()
    {
        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => Create("no_such_table").MigrateAsync());

        Assert.Contains("memory:V2__steps.sql:8 (statement 3 of 5)", error.Message, StringComparison.Ordinal);
        Assert.Equal("1|0|2", await ScalarAsync("SELECT group_concat(step) || '|' || (SELECT count(*) FROM audit) || '|' || (SELECT statements_done FROM slipway_history WHERE version = '2' AND success = 0) FROM effects"));

        var logger = new CapturingLogger<Migrator>();
        var report = await Create("effects", logger).MigrateAsync();

        Assert.Equal(MigrationStatus.Applied, Assert.Single(report.Results).Status);
        Assert.Equal("1,3,4", await ScalarAsync("SELECT group_concat(step) FROM (SELECT step FROM effects ORDER BY step)"));
        Assert.Equal("3,4", await ScalarAsync("SELECT group_concat(step) FROM (SELECT step FROM audit ORDER BY step)"));
        Assert.Equal("1:5", await ScalarAsync("SELECT count(*) || ':' || max(statements_done) FROM slipway_history WHERE version = '2' AND success = 1"));
        Assert.Contains(logger.Lines, l => l.StartsWith("migration_resumed: V2__steps.sql: resuming at statement 3 of 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vacuum_alone_runs_without_a_transaction_by_itself()
    {
        var logger = new CapturingLogger<Migrator>();
        var migrator = new Migrator(new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + File)),
            [new InMemoryMigrationSource(("V1__t.sql", "CREATE TABLE t (a INTEGER);"), ("V2__vacuum.sql", "VACUUM;"))], logger: logger);

        var report = await migrator.MigrateAsync();

        Assert.Equal(2, report.AppliedCount);
        Assert.Contains(logger.Lines, l => l.StartsWith("no_transaction_detected: V2__vacuum.sql", StringComparison.Ordinal));
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _dir.Dispose();
}
