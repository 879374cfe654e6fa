using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway squash</c>: one baseline script in place of the migrations up to a version, for new databases only.</summary>
public sealed class SquashTests
{
    private const string HistoryRows = "SELECT kind || ' ' || coalesce(version, '-') || ' ' || script FROM slipway_history ORDER BY id";

    private static void WriteMigrations(TempDirectory dir, string kind)
    {
        var postgres = kind == "postgres";
        dir.Write("migrations/V1__notes.sql", postgres
            ? "CREATE TYPE mood AS ENUM ('happy', 'sad');\nCREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, m mood);\nINSERT INTO notes (title, m) VALUES ('it''s', 'happy'), ('second', NULL);"
            : "CREATE TABLE notes (id integer PRIMARY KEY AUTOINCREMENT, title text NOT NULL, score real DEFAULT 1.5);\nINSERT INTO notes (title, score) VALUES ('it''s', 2.0), ('second', NULL);");
        dir.Write("migrations/V2__tags.sql", postgres
            ? "CREATE TABLE tags (id serial PRIMARY KEY, note_id bigint REFERENCES notes (id), tag text NOT NULL);\nCREATE INDEX tags_tag_idx ON tags (tag) WHERE tag <> '';\n" +
              "CREATE FUNCTION lower_tag() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  -- tags are stored in lower case\n  NEW.tag := lower(NEW.tag);\n  RETURN NEW;\nEND $$;\n" +
              "CREATE TRIGGER tags_lower BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION lower_tag();\nINSERT INTO tags (note_id, tag) VALUES (1, 'First');"
            : "CREATE TABLE tags (note_id integer REFERENCES notes (id), tag text NOT NULL);\nCREATE INDEX tags_tag_idx ON tags (tag);\n" +
              "CREATE TRIGGER notes_tagged AFTER INSERT ON notes BEGIN INSERT INTO tags (note_id, tag) VALUES (new.id, 'new'); END;\nINSERT INTO tags (note_id, tag) VALUES (1, 'first');");
        dir.Write("migrations/V3__done.sql", postgres
            ? "ALTER TABLE notes ADD COLUMN done boolean NOT NULL DEFAULT false;"
            : "ALTER TABLE notes ADD COLUMN done integer NOT NULL DEFAULT 0;");
        dir.Write("migrations/U3__done.sql", "ALTER TABLE notes DROP COLUMN done;");
        dir.Write("migrations/R__titles.sql", "DROP VIEW IF EXISTS note_titles;\nCREATE VIEW note_titles AS SELECT title FROM notes;");
    }

    private static string[] Squash(string kind, string to, string outFile) =>
        kind == "postgres" ? ["squash", "--to", to, "--out", outFile, "--pg-bin", PostgresServer.BinDirectory] : ["squash", "--to", to, "--out", outFile];

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_new_database_built_from_the_squashed_script_has_the_schema_of_one_built_from_the_migrations_and_an_old_one_is_unaffected(string kind)
    {
        using var dir = new TempDirectory();
        using var newDir = new TempDirectory();
        await using var old = await Backend.CreateAsync(kind, dir);
        await using var fresh = await Backend.CreateAsync(kind, newDir);
        WriteMigrations(dir, kind);
        var oldCli = new Cli(dir, old.Url);
        var freshCli = new Cli(dir, fresh.Url);
        Assert.Equal(0, (await oldCli.RunAsync("migrate")).ExitCode);
        var oldHistory = await old.ColumnAsync(HistoryRows);

        var squashed = await oldCli.RunAsync(Squash(kind, "2", "migrations/B2__squashed.sql"));
        var again = await oldCli.RunAsync(Squash(kind, "2", "again.sql"));
        var oldMigrate = await oldCli.RunAsync("migrate");
        var oldDrift = await oldCli.RunAsync("drift");
        var freshPlan = await freshCli.RunAsync("plan");
        var freshMigrate = await freshCli.RunAsync("migrate");
        var freshStatus = await freshCli.RunAsync("status");
        var freshDrift = await freshCli.RunAsync("drift");
        var oldSchema = await oldCli.RunAsync("schema", "dump");
        var freshSchema = await freshCli.RunAsync("schema", "dump");

        Assert.True(squashed.ExitCode == 0, squashed.ToString());
        Assert.Contains("Wrote migrations/B2__squashed.sql: a baseline for version 2 equivalent to 2 migration(s) (V1__notes.sql to V2__tags.sql)", squashed.Stdout, StringComparison.Ordinal);
        var script = File.ReadAllText(dir["migrations/B2__squashed.sql"]);
        Assert.Equal(script, File.ReadAllText(dir["again.sql"]));
        Assert.Contains("B2__squashed.sql (any B2__{description}.sql)", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("done", script, StringComparison.Ordinal);
        Assert.DoesNotContain("note_titles", script, StringComparison.Ordinal);

        // A database that has the migrations does not run the baseline and shows no change.
        Assert.True(oldMigrate.ExitCode == 0, oldMigrate.ToString());
        Assert.DoesNotContain("B2__squashed.sql", oldMigrate.Stdout, StringComparison.Ordinal);
        Assert.Equal(oldHistory, await old.ColumnAsync(HistoryRows));
        Assert.True(oldDrift.ExitCode == 0, oldDrift.ToString());

        // A new database starts from the baseline, then runs what is newer.
        Assert.Contains("B2__squashed.sql", freshPlan.Stdout, StringComparison.Ordinal);
        Assert.True(freshMigrate.ExitCode == 0, freshMigrate.ToString());
        Assert.Equal(["baseline 2 B2__squashed.sql", "versioned 3 V3__done.sql", "repeatable - R__titles.sql"], await fresh.ColumnAsync(HistoryRows));
        Assert.Matches(@"(?m)^1 +\| notes +\| pre-deploy \| below-baseline", freshStatus.Stdout);
        Assert.True(freshDrift.ExitCode == 0, freshDrift.ToString());
        Assert.Contains("No drift: the schema matches version 3 (3 migration(s) replayed", freshDrift.Stdout, StringComparison.Ordinal);

        // Both databases have the same schema and the same rows.
        Assert.True(oldSchema.ExitCode == 0 && freshSchema.ExitCode == 0, oldSchema + "\n" + freshSchema);
        Assert.Equal(oldSchema.Stdout, freshSchema.Stdout);
        Assert.Equal(await old.ColumnAsync("SELECT title FROM notes ORDER BY id"), await fresh.ColumnAsync("SELECT title FROM notes ORDER BY id"));
        Assert.Equal(["first"], await fresh.ColumnAsync("SELECT tag FROM tags"));
    }

    [Fact]
    public async Task Rolling_back_below_the_baseline_is_refused_and_changes_nothing()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        WriteMigrations(dir, "sqlite");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync(Squash("sqlite", "2", "migrations/B2__squashed.sql"))).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        var before = await db.ColumnAsync(HistoryRows);

        var below = await cli.RunAsync("rollback", "--to", "1");
        var unchanged = await db.ColumnAsync(HistoryRows);
        var toBaseline = await cli.RunAsync("rollback", "--to", "2");

        Assert.True(below.ExitCode == 2, below.ToString());
        Assert.Contains("cannot roll back below version 2: this database was built from the baseline script B2__squashed.sql", below.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, unchanged);
        Assert.True(toBaseline.ExitCode == 0, toBaseline.ToString());
        Assert.Equal(["baseline 2 B2__squashed.sql", "repeatable - R__titles.sql"], (await db.ColumnAsync(HistoryRows)).Where(r => !r.StartsWith("rollback", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("9", "B9__squashed.sql", "version 9 is not a versioned migration (the versions go from 1 to 3)")]
    [InlineData("two", "B2__squashed.sql", "--to 'two' is not a version")]
    [InlineData("2", "missing-folder/B2__squashed.sql", "Cannot write the squashed script to 'missing-folder/B2__squashed.sql'")]
    [InlineData("2", "migrations/V9__squashed.sql", "would be read as a migration, not a baseline; name it B2__{description}.sql")]
    [InlineData("2", "migrations/B3__squashed.sql", "names a baseline for version 3, but the script stands for version 2")]
    public async Task Bad_input_is_refused_with_what_to_do_and_writes_nothing(string to, string outFile, string message)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        WriteMigrations(dir, "sqlite");
        var files = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var result = await new Cli(dir, db.Url).RunAsync(Squash("sqlite", to, outFile));

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(files, Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public async Task A_role_that_may_not_create_databases_is_told_to_use_one_that_may()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("postgres", dir);
        WriteMigrations(dir, "postgres");
        var role = "squash_" + Guid.NewGuid().ToString("N")[..8];
        await db.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'squash-pw' NOCREATEDB; GRANT CREATE ON DATABASE \"{db.Postgres.Name}\" TO {role}");
        var url = new UriBuilder(db.Url) { UserName = role, Password = "squash-pw" }.Uri.ToString();

        var result = await new Cli(dir, url).RunAsync(Squash("postgres", "2", "migrations/B2__squashed.sql"));

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("squash builds the baseline in a temporary database", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["migrations/B2__squashed.sql"]));
        Assert.Empty(await db.ColumnAsync("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'slipway_verify_%'"));
        Assert.DoesNotContain("squash-pw", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
