using BundleSample.Migrations;
using Microsoft.Data.Sqlite;
using Slipway.Cli;
using Slipway.Testing;

namespace BundleSample.Tests;

/// <summary>
/// An app-built migration executable: the full slipway command line over the SQL embedded in it and
/// its C# migration, on SQLite and PostgreSQL, started as a real process.
/// </summary>
public sealed class BundleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_bundle_shows_status_migrates_with_its_code_migration_and_rolls_it_back(string kind)
    {
        await using var postgres = kind == "postgres" ? await PostgresServer.CreateDatabaseAsync("bundle") : null;
        var url = postgres?.Url ?? "sqlite:" + _dir["bundle.db"];
        async Task<List<string>> Column(string sql) => postgres is not null ? await postgres.ColumnAsync(sql) : await SqliteColumnAsync(_dir["bundle.db"], sql);

        var before = await Bundle.RunAsync(_dir.Path, url, "status");
        var migrate = await Bundle.RunAsync(_dir.Path, url, "migrate");
        var slugs = await Column("SELECT slug FROM posts ORDER BY id");
        var scripts = await Column("SELECT script FROM slipway_history ORDER BY id");
        var again = await Bundle.RunAsync(_dir.Path, url, "migrate");
        var rollback = await Bundle.RunAsync(_dir.Path, url, "rollback", "--to", "2");
        var afterRollback = await Column("SELECT coalesce(slug, '(null)') FROM posts ORDER BY id");
        var after = await Bundle.RunAsync(_dir.Path, url, "status");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Contains("pending: 4", before.Stdout, StringComparison.Ordinal);
        Assert.Contains("V1__create_posts.sql, V2__seed_posts.sql, BundleSample.Migrations.BackfillSlugs, V4__unique_slugs.sql", before.Stdout, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("Backfilled 2 slug(s)", migrate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Applied 4 migration(s); now at version 4", migrate.Stdout, StringComparison.Ordinal);
        Assert.Equal(["hello-world", "slipway-c-migrations"], slugs);
        Assert.Equal(["V1__create_posts.sql", "V2__seed_posts.sql", "BundleSample.Migrations.BackfillSlugs", "V4__unique_slugs.sql"], scripts);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("Applying", again.Stdout, StringComparison.Ordinal);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains("Rolled back 2 migration(s); now at version 2", rollback.Stdout, StringComparison.Ordinal);
        Assert.Equal(["(null)", "(null)"], afterRollback);
        Assert.Contains("pending: 2", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migrations_folder_named_on_the_command_line_is_merged_with_the_bundle()
    {
        _dir.Write("extra/V5__tags.sql", "CREATE TABLE tags (post_id integer, tag text);");
        var url = "sqlite:" + _dir["merged.db"];

        var migrate = await Bundle.RunAsync(_dir.Path, url, "migrate", "--migrations", "extra");
        var bad = await Bundle.RunAsync(_dir.Path, url, "migrate", "--migrations", "missing");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("Applied 5 migration(s); now at version 5", migrate.Stdout, StringComparison.Ordinal);
        Assert.Equal(64, bad.ExitCode);
        Assert.Contains("missing", bad.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trim_safe_registration_runs_the_same_migrations_in_process()
    {
        var file = _dir["in-process.db"];
        var bundle = new SlipwayBundle()
            .AddEmbeddedMigrations(typeof(BackfillSlugs).Assembly)
            .AddCodeMigration<BackfillSlugs>();

        var exit = await SlipwayCommandLine.RunAsync(["migrate", "--database-url", "sqlite:" + file], bundle);

        Assert.Equal(0, exit);
        Assert.Equal(["hello-world", "slipway-c-migrations"], await SqliteColumnAsync(file, "SELECT slug FROM posts ORDER BY id"));
    }

    private static async Task<List<string>> SqliteColumnAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
