using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway verify</c>: up, down, up on a scratch target, schema compared.</summary>
public sealed partial class VerifyTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Verify_catches_a_down_script_that_forgets_an_index_and_leaves_the_database_alone(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL);");
        dir.Write("migrations/U1__create_notes.sql", "DROP TABLE notes;");
        dir.Write("migrations/V2__author.sql", "CREATE INDEX notes_title_idx ON notes (title);\nALTER TABLE notes ADD COLUMN author text;");
        dir.Write("migrations/U2__author.sql", "ALTER TABLE notes DROP COLUMN author;");
        var cli = new Cli(dir, db.Url);

        var result = await cli.RunAsync("verify");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Verified V1__create_notes.sql", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("U2__author.sql does not undo V2__author.sql: after down, index ", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"index (public\.)?notes_title_idx exists but should not \(CREATE INDEX", result.Stderr);
        Assert.Empty(await db.TablesAsync());
        await AssertScratchDroppedAsync(db, result);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Verify_passes_reversible_migrations_and_accepts_irreversible_ones_only_when_allowed(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL DEFAULT 'untitled');");
        dir.Write("migrations/U1__create_notes.sql", "DROP TABLE notes;");
        dir.Write("migrations/V2__author.sql", "ALTER TABLE notes ADD COLUMN author text;\nCREATE INDEX notes_author_idx ON notes (author);\nCREATE VIEW note_titles AS SELECT title FROM notes;");
        dir.Write("migrations/U2__author.sql", "DROP VIEW note_titles;\nDROP INDEX notes_author_idx;\nALTER TABLE notes DROP COLUMN author;");
        dir.Write("migrations/V3__purge.sql", "-- slipway: irreversible\nDELETE FROM notes WHERE title = 'untitled';");
        var cli = new Cli(dir, db.Url);

        var refused = await cli.RunAsync("verify");
        var allowed = await cli.RunAsync("verify", "--allow-irreversible");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("V3__purge.sql: is marked irreversible; pass --allow-irreversible", refused.Stderr, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("Verified 2 migration(s) reversible (1 irreversible accepted)", allowed.Stdout, StringComparison.Ordinal);
        Assert.Empty(await db.TablesAsync());
        await AssertScratchDroppedAsync(db, allowed);
    }

    [Fact]
    public async Task Verify_checks_only_pending_migrations_on_top_of_the_applied_ones()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        dir.Write("migrations/V2__author.sql", "ALTER TABLE notes ADD COLUMN author text;");
        dir.Write("migrations/U2__author.sql", "ALTER TABLE notes DROP COLUMN author;");

        var result = await cli.RunAsync("verify");

        // V1 has no down script, but it is applied: verify only needs it as the starting point.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Verified V1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verified V2__author.sql", result.Stdout, StringComparison.Ordinal);
    }

    private static async Task AssertScratchDroppedAsync(Backend db, ProcessResult result)
    {
        var match = ScratchName().Match(result.Stdout);
        Assert.True(match.Success, result.ToString());
        if (db.IsPostgres)
        {
            Assert.Equal(["0"], await db.ColumnAsync($"SELECT count(*) FROM pg_database WHERE datname = '{match.Groups[1].Value}'"));
        }
        else
        {
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), match.Groups[1].Value)));
        }
    }

    [GeneratedRegex(@"Created temporary (?:database|schema|file) (\S+) for verification")]
    private static partial Regex ScratchName();
}
