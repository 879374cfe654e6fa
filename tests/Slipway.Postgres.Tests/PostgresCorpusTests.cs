using Npgsql;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Sql;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>
/// The realistic scripts in tests/fixtures/migrations/postgres: every statement the splitter finds must
/// be one the real server accepts on its own, and the folder must migrate with Slipway as a whole.
/// </summary>
public sealed class PostgresCorpusTests
{
    private static readonly string Folder = Repository.PathOf("tests/fixtures/migrations/postgres");

    private static IEnumerable<string> Scripts(string prefix) =>
        Directory.GetFiles(Folder, prefix + "*.sql").OrderBy(f => MigrationVersion.TryParse(Path.GetFileName(f).Split("__")[0][1..]) ?? MigrationVersion.Parse("0")).ThenBy(f => f, StringComparer.Ordinal);

    [Fact]
    public async Task Every_split_statement_of_the_corpus_executes_on_its_own_on_the_real_server()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("corpus");
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var files = Scripts("V").Concat(Scripts("R")).Concat(Scripts("U").Reverse()).ToList();
        var executed = 0;

        foreach (var file in files)
        {
            foreach (var statement in SqlSplitter.Split(await File.ReadAllTextAsync(file), SqlDialect.PostgreSql))
            {
                await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(statement.Sql) } };
                try
                {
                    await batch.ExecuteNonQueryAsync();
                }
                catch (PostgresException ex)
                {
                    Assert.Fail($"{Path.GetFileName(file)} line {statement.Line}: {ex.SqlState} {ex.MessageText}\n{statement.Sql}");
                }

                executed++;
            }
        }

        Assert.Equal(11, files.Count);
        Assert.True(executed >= 35, $"only {executed} statements");
        // The down scripts undid everything the up scripts built.
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task The_corpus_migrates_and_its_index_only_migration_runs_without_a_transaction_by_itself()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("corpus");
        var logger = new CapturingLogger<Migrator>();
        var migrator = new Migrator(new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)), [new FolderMigrationSource(Folder)], logger: logger);

        var report = await migrator.MigrateAsync();

        Assert.Equal(7, report.AppliedCount);
        Assert.Contains(logger.Lines, l => l.StartsWith("no_transaction_detected: V4__concurrent_indexes.sql", StringComparison.Ordinal));
        // Every completed migration records its statement count, whether it ran in one transaction (V1-V3) or not (V4, V5).
        Assert.Equal(["1:6", "2:5", "3:5", "4:2", "5:4"], await db.ColumnAsync("SELECT version || ':' || statements_done FROM slipway_history WHERE kind = 'versioned' AND success ORDER BY id"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('orders_status_idx', 'addresses_Customer_City_uq') AND i.indisvalid"));
        Assert.Equal("partner", await db.ScalarAsync<string>("SELECT tier::text FROM customers WHERE email = 'bob@example.com'"));
        Assert.Equal("Paid; thank you", await db.ScalarAsync<string>("SELECT order_label('paid')"));
    }
}
