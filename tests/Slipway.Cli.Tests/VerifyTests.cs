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
        Assert.Contains("V3__purge.sql: is marked irreversible; accept irreversible migrations", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("without a down check (--allow-irreversible)", refused.Stderr, StringComparison.Ordinal);
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

    [Fact]
    public async Task Verify_as_a_role_without_createdb_replays_in_a_temporary_schema_and_drops_exactly_what_it_created()
    {
        using var dir = new TempDirectory();
        await using var db = await PostgresServer.CreateDatabaseAsync("nocreatedb");
        var role = "verifier_" + Guid.NewGuid().ToString("N")[..10];
        // Every DDL command and every dropped object in this database, as the server saw them.
        await db.ExecuteAsync($"""
            CREATE ROLE {role} LOGIN NOCREATEDB NOSUPERUSER PASSWORD 'verify-pw';
            ALTER DATABASE "{db.Name}" OWNER TO {role};
            CREATE TABLE ddl_log (id serial PRIMARY KEY, event text, tag text, object_type text, identity text);
            CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
            DECLARE r record;
            BEGIN
              IF TG_EVENT = 'sql_drop' THEN
                FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
                  INSERT INTO public.ddl_log (event, tag, object_type, identity) VALUES ('drop', TG_TAG, r.object_type, r.object_identity);
                END LOOP;
              ELSE
                FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
                  INSERT INTO public.ddl_log (event, tag, object_type, identity) VALUES ('create', r.command_tag, r.object_type, r.object_identity);
                END LOOP;
              END IF;
            END $$;
            CREATE EVENT TRIGGER log_ddl_end ON ddl_command_end EXECUTE FUNCTION log_ddl();
            CREATE EVENT TRIGGER log_ddl_drop ON sql_drop EXECUTE FUNCTION log_ddl();
            """);
        try
        {
            dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL);");
            dir.Write("migrations/U1__create_notes.sql", "DROP TABLE notes;");
            dir.Write("migrations/V2__title_index.sql", "CREATE INDEX notes_title_idx ON notes (title);");
            dir.Write("migrations/U2__title_index.sql", "DROP INDEX notes_title_idx;");
            var url = new UriBuilder(db.Url) { UserName = role, Password = "verify-pw" }.Uri.ToString();

            var result = await new Cli(dir, url).RunAsync("verify");

            Assert.True(result.ExitCode == 0, result.ToString());
            var scratch = Assert.Single(ScratchName().Matches(result.Stdout)).Groups[1].Value;
            Assert.Contains($"Created temporary schema {scratch} for verification", result.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_database WHERE datname = '{scratch}'"));
            // No database of its own either (other tests' verify runs may hold scratch databases meanwhile).
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '{role}') AND datname <> '{db.Name}'"));
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_namespace WHERE nspname = '{scratch}'"));
            Assert.Empty(await db.ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'ddl_log'"));

            var created = await db.ColumnAsync("SELECT object_type || ' ' || identity FROM ddl_log WHERE event = 'create' ORDER BY id");
            // The TOAST tables of the scratch tables go with them.
            var dropped = await db.ColumnAsync("SELECT object_type || ' ' || identity FROM ddl_log WHERE event = 'drop' AND identity NOT LIKE 'pg_toast.%' ORDER BY id");
            Assert.Equal($"schema {scratch}", created[0]);
            // The history table is created first, as migrate does on the real database (migrations may grant on it).
            Assert.Contains($"table {scratch}.slipway_history", created);
            Assert.Equal(
                [$"index {scratch}.notes_pkey", $"index {scratch}.notes_title_idx", $"schema {scratch}", $"table {scratch}.notes"],
                created.Where(c => !c.Contains($"{scratch}.slipway_history", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal));
            // Nothing outside the temporary schema was touched; everything created there is gone again.
            Assert.All(created.Skip(1), c => Assert.Contains($" {scratch}.", c, StringComparison.Ordinal));
            Assert.All(dropped, d => Assert.True(d == $"schema {scratch}" || d.Contains($" {scratch}.", StringComparison.Ordinal), d));
            Assert.Contains($"schema {scratch}", dropped);
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{scratch}'"));
        }
        finally
        {
            await db.ExecuteAsync($"""
                DROP EVENT TRIGGER log_ddl_end; DROP EVENT TRIGGER log_ddl_drop;
                ALTER DATABASE "{db.Name}" OWNER TO CURRENT_USER;
                """);
            await db.DisposeAsync();
            await using var admin = new Npgsql.NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
            await drop.ExecuteNonQueryAsync();
        }
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
