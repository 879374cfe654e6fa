using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway rollback</c> with the real binary against real databases.</summary>
public sealed class RollbackTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task When_the_third_down_script_fails_only_the_two_before_it_are_rolled_back(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        for (var v = 1; v <= 4; v++)
        {
            dir.Write($"migrations/V{v}__t{v}.sql", $"CREATE TABLE t{v} (id integer);");
            dir.Write($"migrations/U{v}__t{v}.sql", v == 2 ? "DROP TABLE t2;\nINSERT INTO no_such_table VALUES (1);" : $"DROP TABLE t{v};");
        }

        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var result = await cli.RunAsync("rollback", "--to", "0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Rollback stopped: U2__t2.sql (undoing version 2) failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Rolled back before it: version(s) 4, 3; version 2 and older are unchanged", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["t1", "t2"], await db.TablesAsync());
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));
        Assert.Equal(["4", "3"], await db.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'rollback' ORDER BY id"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_migration_without_a_down_script_stops_the_rollback_before_anything_changes(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id integer);");
        dir.Write("migrations/U1__a.sql", "DROP TABLE a;");
        dir.Write("migrations/V2__b.sql", "CREATE TABLE b (id integer);");
        dir.Write("migrations/V3__c.sql", "CREATE TABLE c (id integer);");
        dir.Write("migrations/U3__c.sql", "DROP TABLE c;");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var result = await cli.RunAsync("rollback", "--to", "0");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("V2__b.sql", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("version 2 has no down script", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "c"], await db.TablesAsync());
        Assert.Equal(["1", "2", "3"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task To_known_run_from_an_older_folder_restores_exactly_the_schema_of_v3()
    {
        using var dir = new TempDirectory();
        await using var rolledBack = await PostgresServer.CreateDatabaseAsync("known");
        await using var fresh = await PostgresServer.CreateDatabaseAsync("fresh");
        string[][] migrations =
        [
            ["create_notes", "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL);", "DROP TABLE notes;"],
            ["add_body", "ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT '';", "ALTER TABLE notes DROP COLUMN body;"],
            ["title_index", "CREATE INDEX notes_title_idx ON notes (title);", "DROP INDEX notes_title_idx;"],
            ["add_author", "ALTER TABLE notes ADD COLUMN author text;\nCREATE INDEX notes_author_idx ON notes (author);", "ALTER TABLE notes DROP COLUMN author;"],
            ["notes_count", "CREATE FUNCTION notes_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM notes $$;\nCREATE VIEW recent_notes AS SELECT id, title FROM notes ORDER BY id DESC LIMIT 10;", "DROP VIEW recent_notes;\nDROP FUNCTION notes_count();"],
        ];
        for (var i = 0; i < migrations.Length; i++)
        {
            var (name, up, down) = (migrations[i][0], migrations[i][1], migrations[i][2]);
            dir.Write($"a/V{i + 1}__{name}.sql", up);
            dir.Write($"a/U{i + 1}__{name}.sql", down);
            if (i < 3)
            {
                dir.Write($"b/V{i + 1}__{name}.sql", up);
                dir.Write($"b/U{i + 1}__{name}.sql", down);
            }
        }

        Assert.Equal(0, (await new Cli(dir, rolledBack.Url).RunAsync("migrate", "-m", "a")).ExitCode);
        var older = new Cli(dir, rolledBack.Url);
        var dryRun = await older.RunAsync("rollback", "--to-known", "--dry-run", "-m", "b");
        var result = await older.RunAsync("rollback", "--to-known", "-m", "b");
        var status = await older.RunAsync("status", "-m", "b");
        Assert.Equal(0, (await new Cli(dir, fresh.Url).RunAsync("migrate", "-m", "b")).ExitCode);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("version 5: U5__notes_count.sql (from history)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("DROP FUNCTION notes_count();", dryRun.Stdout, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Rolled back 2 migration(s); now at version 3", result.Stdout, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(await fresh.DumpSchemaAsync(), await rolledBack.DumpSchemaAsync());
        Assert.Equal(["1", "2", "3"], await rolledBack.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));
    }
}
