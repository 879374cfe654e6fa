using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>migrate --backup-dir</c> and <c>slipway backup</c> on real databases.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_by_migrate_restores_the_pre_migration_schema_and_data()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("backup");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", """
            CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10, 2) NOT NULL, note text);
            INSERT INTO orders VALUES (1, 9.99, 'first'), (2, 20.00, NULL);
            CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders $$;
            """);
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        var before = await PgTool.DumpAsync(db.Name);
        dir.Write("migrations/V2__reshape.sql", "ALTER TABLE orders DROP COLUMN note;\nUPDATE orders SET total = total * 2;\nCREATE TABLE refunds (id bigint);");
        dir.Write("migrations/V3__more.sql", "INSERT INTO refunds VALUES (7);");

        var migrate = await cli.RunAsync("migrate", "--backup-dir", "backups", "--log-format", "json");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.DoesNotContain(PostgresServer.Password, migrate.All, StringComparison.Ordinal);
        var backup = Assert.Single(Directory.GetFiles(dir["backups"], "*.dump"));
        var recorded = await db.ColumnAsync("SELECT coalesce(backup_file, '-') FROM slipway_history ORDER BY id");
        Assert.Equal(["-", "backups/" + Path.GetFileName(backup), "backups/" + Path.GetFileName(backup)], recorded);
        Assert.Contains("\"event\":\"backup_created\"", migrate.Stdout, StringComparison.Ordinal);

        await using var restored = await PostgresServer.CreateDatabaseAsync("restored");
        await PgTool.RunAsync("pg_restore", "--no-owner", "--no-privileges", "--dbname", restored.Name, backup);
        Assert.Equal(before, await PgTool.DumpAsync(restored.Name));
        Assert.NotEqual(before, await PgTool.DumpAsync(db.Name));
    }

    [Fact]
    public async Task When_the_backup_fails_migrate_exits_12_and_applies_nothing()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("backup");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        Directory.CreateDirectory(dir["empty-bin"]);

        var result = await new Cli(dir, db.Url).RunAsync("migrate", "--backup-dir", "backups", "--pg-bin", dir["empty-bin"]);

        Assert.True(result.ExitCode == 12, result.ToString());
        Assert.Contains("pg_dump", result.Stderr, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("SELECT to_regclass('orders') IS NOT NULL"));
        // Refused before the history table is created: the database is exactly as it was.
        Assert.False(await db.ScalarAsync<bool>("SELECT to_regclass('slipway_history') IS NOT NULL"));
        Assert.Empty(Directory.Exists(dir["backups"]) ? Directory.GetFiles(dir["backups"]) : []);
    }

    [Fact]
    public async Task Sqlite_backup_is_a_consistent_copy_made_with_the_online_backup_api()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nINSERT INTO notes (body) VALUES ('a'), ('b');");
        var cli = new Cli(dir, "sqlite:app.db");
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var result = await cli.RunAsync("backup", "--backup-dir", "snapshots");

        Assert.True(result.ExitCode == 0, result.ToString());
        var copy = Assert.Single(Directory.GetFiles(dir["snapshots"], "app-*.db"));
        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT group_concat(body, ',') FROM notes", connection);
        Assert.Equal("a,b", await command.ExecuteScalarAsync());
    }
}
