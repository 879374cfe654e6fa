using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway schema dump</c> and <c>schema check</c>: a reviewed schema file kept honest.</summary>
public sealed class SchemaFileTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Dump_is_the_same_text_on_every_run_and_leaves_the_history_table_out(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL);\nCREATE INDEX notes_title_idx ON notes (title);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var first = await cli.RunAsync("schema", "dump");
        var second = await cli.RunAsync("schema", "dump", "--out", "schema.txt");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout.TrimEnd('\n') + "\n", File.ReadAllText(dir["schema.txt"]));
        Assert.StartsWith("-- Slipway schema snapshot", first.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^index (public\.)?notes_title_idx$", first.Stdout);
        Assert.Matches(@"(?m)^column (public\.)?notes\.title$", first.Stdout);
        Assert.DoesNotContain("slipway_history", first.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Check_passes_on_the_committed_file_and_fails_with_a_unified_diff_when_a_migration_changes_the_schema(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("schema", "dump", "--out", "schema.txt")).ExitCode);
        var committed = File.ReadAllText(dir["schema.txt"]);

        var passes = await cli.RunAsync("schema", "check", "schema.txt");
        dir.Write("migrations/V2__body.sql", "ALTER TABLE notes ADD COLUMN body text;");
        var fails = await cli.RunAsync("schema", "check", "schema.txt");
        var afterFailure = File.ReadAllText(dir["schema.txt"]);
        var updated = await cli.RunAsync("schema", "check", "schema.txt", "--update");
        var passesAgain = await cli.RunAsync("schema", "check", "schema.txt");

        Assert.True(passes.ExitCode == 0, passes.ToString());
        Assert.Contains("schema.txt matches the schema the 1 migration(s) build", passes.Stdout, StringComparison.Ordinal);
        Assert.True(fails.ExitCode == 13, fails.ToString());
        Assert.Contains("--- schema.txt\n+++ schema built by the migrations\n@@ ", fails.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\+column (public\.)?notes\.body$", fails.Stdout);
        Assert.Contains("schema.txt differs from the schema the 2 migration(s) build", fails.Stderr, StringComparison.Ordinal);
        Assert.Equal(committed, afterFailure);
        Assert.True(updated.ExitCode == 0, updated.ToString());
        Assert.Contains("body", File.ReadAllText(dir["schema.txt"]), StringComparison.Ordinal);
        Assert.True(passesAgain.ExitCode == 0, passesAgain.ToString());

        // The real database was never touched: it is still at version 1.
        Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task Check_of_a_missing_file_says_how_to_write_it()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);");

        var result = await new Cli(dir, db.Url).RunAsync("schema", "check", "schema.txt");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("Cannot read the schema file 'schema.txt'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("slipway schema dump --out schema.txt", result.Stderr, StringComparison.Ordinal);
    }
}
