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

    private const string RichPostgresSchema = """
        CREATE TYPE mood AS ENUM ('happy', 'sad');
        CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100);
        CREATE SEQUENCE ticket_seq START 100 INCREMENT 5;
        CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title short_text NOT NULL, m mood DEFAULT 'happy',
            body text COLLATE "C", words integer GENERATED ALWAYS AS (length(body)) STORED);
        CREATE TABLE tags (id serial PRIMARY KEY, note_id bigint REFERENCES notes (id) ON DELETE CASCADE, tag text NOT NULL UNIQUE);
        ALTER TABLE tags ADD CONSTRAINT tag_len CHECK (length(tag) > 0) NOT VALID;
        CREATE INDEX notes_title_idx ON notes (lower(title)) WHERE m = 'happy';
        CREATE VIEW note_titles AS SELECT id, title FROM notes;
        CREATE MATERIALIZED VIEW tag_counts AS SELECT tag, count(*) FROM tags GROUP BY tag;
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- stored in lower case
          NEW.tag := lower(NEW.tag);
          RETURN NEW;
        END $$;
        CREATE TRIGGER tags_touch BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION touch();
        COMMENT ON TABLE notes IS 'what people write';
        INSERT INTO notes (title, body) VALUES ('first', 'x');
        """;

    [Theory]
    [InlineData("plain")]
    [InlineData("custom")]
    public async Task Dump_is_the_same_bytes_after_a_pg_dump_and_restore_into_a_new_database(string format)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("postgres", dir);
        await using var restored = await PostgresServer.CreateDatabaseAsync("restored");
        dir.Write("migrations/V1__rich.sql", RichPostgresSchema);
        Assert.Equal(0, (await new Cli(dir, db.Url).RunAsync("migrate")).ExitCode);
        var before = await new Cli(dir, db.Url).RunAsync("schema", "dump");

        if (format == "plain")
        {
            await PgTool.RunAsync("pg_dump", "--file", dir["dump.sql"], "--dbname", db.Postgres.Name);
            await PgTool.RunAsync("psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--file", dir["dump.sql"], "--dbname", restored.Name);
        }
        else
        {
            await PgTool.RunAsync("pg_dump", "--format=custom", "--file", dir["dump.backup"], "--dbname", db.Postgres.Name);
            await PgTool.RunAsync("pg_restore", "--exit-on-error", "--dbname", restored.Name, dir["dump.backup"]);
        }

        var after = await new Cli(dir, restored.Url).RunAsync("schema", "dump");

        Assert.True(before.ExitCode == 0 && after.ExitCode == 0, before + "\n" + after);
        Assert.Contains("trigger public.tags.tags_touch", before.Stdout, StringComparison.Ordinal);
        Assert.Equal(before.Stdout, after.Stdout);
    }

    [Theory]
    [InlineData("vacuum-into")]
    [InlineData("backup-api")]
    public async Task Dump_is_the_same_bytes_after_an_sqlite_backup_is_restored(string how)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__rich.sql", """
            CREATE TABLE notes (id integer PRIMARY KEY AUTOINCREMENT, title text NOT NULL DEFAULT 'untitled', body text, words integer GENERATED ALWAYS AS (length(body)) VIRTUAL);
            CREATE TABLE tags (note_id integer REFERENCES notes (id) ON DELETE CASCADE, tag text NOT NULL, UNIQUE (note_id, tag));
            CREATE INDEX notes_title_idx ON notes (lower(title)) WHERE body IS NOT NULL;
            CREATE VIEW note_titles AS SELECT id, title FROM notes;
            CREATE TRIGGER notes_tagged AFTER INSERT ON notes BEGIN INSERT INTO tags (note_id, tag) VALUES (new.id, 'new'); END;
            INSERT INTO notes (title, body) VALUES ('first', 'x');
            """);
        Assert.Equal(0, (await new Cli(dir, db.Url).RunAsync("migrate")).ExitCode);
        var before = await new Cli(dir, db.Url).RunAsync("schema", "dump");

        await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir["app.db"]};Pooling=False"))
        {
            await source.OpenAsync();
            if (how == "vacuum-into")
            {
                await using var vacuum = source.CreateCommand();
                vacuum.CommandText = $"VACUUM INTO '{dir["restored.db"]}'";
                await vacuum.ExecuteNonQueryAsync();
            }
            else
            {
                await using var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir["restored.db"]};Pooling=False");
                await target.OpenAsync();
                source.BackupDatabase(target);
            }
        }

        var after = await new Cli(dir, "sqlite:" + dir["restored.db"]).RunAsync("schema", "dump");

        Assert.True(before.ExitCode == 0 && after.ExitCode == 0, before + "\n" + after);
        Assert.Contains("trigger notes_tagged", before.Stdout, StringComparison.Ordinal);
        Assert.Equal(before.Stdout, after.Stdout);
    }
}
