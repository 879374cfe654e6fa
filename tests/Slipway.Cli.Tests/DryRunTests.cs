using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway plan --execute</c>: a real dry run inside one transaction that is rolled back.</summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task Plan_execute_fails_on_todays_data_and_then_proves_the_fixed_plan_without_changing_anything()
    {
        using var dir = new TempDirectory();
        await using var db = await PostgresServer.CreateDatabaseAsync("dry");
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id serial PRIMARY KEY, title text);\nINSERT INTO notes (title) VALUES ('a'), (NULL);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        dir.Write("migrations/V2__add_author.sql", "ALTER TABLE notes ADD COLUMN author text;\nUPDATE notes SET author = 'unknown';");
        dir.Write("migrations/V3__title_required.sql", "ALTER TABLE notes ALTER COLUMN title SET NOT NULL;");
        dir.Write("migrations/V4__author_index.sql", "-- slipway: no-transaction\nCREATE INDEX CONCURRENTLY notes_author_idx ON notes (author);");
        var before = await db.DumpSchemaAsync();

        var failed = await cli.RunAsync("plan", "--execute");

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("Dry run: V3__title_required.sql", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("23502", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await db.DumpSchemaAsync());

        await db.ExecuteAsync("UPDATE notes SET title = 'untitled' WHERE title IS NULL");
        var passed = await cli.RunAsync("plan", "--execute");

        Assert.True(passed.ExitCode == 0, passed.ToString());
        Assert.Matches(@"OK\s+V2__add_author\.sql \(\d+ ms\)", passed.Stdout);
        Assert.Matches(@"OK\s+V3__title_required\.sql \(\d+ ms\)", passed.Stdout);
        Assert.Contains("V4__author_index.sql (no-transaction: not executed in dry run)", passed.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await db.DumpSchemaAsync());
        Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
        Assert.Equal(["untitled", "a"], await db.ColumnAsync("SELECT title FROM notes ORDER BY title DESC"));
    }

    [Fact]
    public async Task Plan_execute_on_sqlite_rolls_back_too()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text);");
        dir.Write("migrations/V2__seed.sql", "INSERT INTO notes (title) VALUES ('hello');");

        var result = await new Cli(dir, db.Url).RunAsync("plan", "--execute");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 migration(s) executed in one transaction and rolled back", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(await db.TablesAsync());
    }
}
