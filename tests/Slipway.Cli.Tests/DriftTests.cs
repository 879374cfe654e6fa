using System.Text.Json;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway drift</c>: the live schema against the schema its applied migrations build.</summary>
public sealed class DriftTests
{
    private static async Task<(TempDirectory Dir, Backend Db, Cli Cli)> MigratedAsync(string kind)
    {
        var dir = new TempDirectory();
        var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL, body text);");
        dir.Write("migrations/V2__index.sql", "CREATE INDEX notes_title_idx ON notes (title);");
        dir.Write("migrations/R__titles.sql", "DROP VIEW IF EXISTS note_titles;\nCREATE VIEW note_titles AS SELECT title FROM notes;");
        var cli = new Cli(dir, db.Url);
        var migrated = await cli.RunAsync("migrate");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        return (dir, db, cli);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_database_changed_only_by_its_migrations_has_no_drift(string kind)
    {
        var (dir, db, cli) = await MigratedAsync(kind);
        using var _ = dir;
        await using var __ = db;

        var result = await cli.RunAsync("drift");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No drift: the schema matches version 2 (3 migration(s) replayed", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Hand_made_changes_are_reported_object_by_object_and_nothing_is_changed(string kind)
    {
        var (dir, db, cli) = await MigratedAsync(kind);
        using var _ = dir;
        await using var __ = db;
        await db.ExecuteAsync("CREATE INDEX notes_body_idx ON notes (body)");
        await db.ExecuteAsync("DROP INDEX notes_title_idx");
        await db.ExecuteAsync("CREATE TABLE hotfix_log (id integer)");
        var before = await db.ColumnAsync(kind == "postgres"
            ? "SELECT tablename || '/' || indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
            : "SELECT tbl_name || '/' || name FROM sqlite_master ORDER BY 1");

        var result = await cli.RunAsync("drift");

        Assert.True(result.ExitCode == 13, result.ToString());
        Assert.Matches(@"(?m)^\+ index (public\.)?notes_body_idx", result.Stdout);
        Assert.Matches(@"(?m)^- index (public\.)?notes_title_idx", result.Stdout);
        Assert.Matches(@"(?m)^\+ table (public\.)?hotfix_log", result.Stdout);
        Assert.Contains("Drift: ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("slipway_history", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await db.ColumnAsync(kind == "postgres"
            ? "SELECT tablename || '/' || indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
            : "SELECT tbl_name || '/' || name FROM sqlite_master ORDER BY 1"));
    }

    [Fact]
    public async Task A_changed_column_shows_what_was_expected_and_what_was_found()
    {
        var (dir, db, cli) = await MigratedAsync("postgres");
        using var _ = dir;
        await using var __ = db;
        await db.ExecuteAsync("ALTER TABLE notes ALTER COLUMN body SET DEFAULT 'empty'");

        var result = await cli.RunAsync("drift");

        Assert.True(result.ExitCode == 13, result.ToString());
        Assert.Contains("~ column public.notes.body", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("expected: text", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("found:    text DEFAULT 'empty'::text", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excluded_objects_are_left_out_and_counted()
    {
        var (dir, db, cli) = await MigratedAsync("postgres");
        using var _ = dir;
        await using var __ = db;
        await db.ExecuteAsync("CREATE TABLE partman_notes_p2026 (id integer); CREATE INDEX partman_notes_p2026_idx ON partman_notes_p2026 (id)");

        var result = await cli.RunAsync("drift", "--exclude", "public.partman_*", "--exclude", "index *_p2026_idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No drift", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(3 excluded)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_lists_every_difference_with_its_kind()
    {
        var (dir, db, cli) = await MigratedAsync("postgres");
        using var _ = dir;
        await using var __ = db;
        await db.ExecuteAsync("DROP VIEW note_titles; CREATE INDEX notes_body_idx ON notes (body)");

        var result = await cli.RunAsync("drift", "--log-format", "json");

        Assert.True(result.ExitCode == 13, result.ToString());
        var document = result.Stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("{\"event\":\"drift\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(document);
        var changes = json.RootElement.GetProperty("differences").EnumerateArray()
            .Select(d => d.GetProperty("change").GetString() + " " + d.GetProperty("object").GetString()).ToList();
        Assert.Equal(["extra index public.notes_body_idx", "missing view public.note_titles"], changes);
        Assert.Equal("2", json.RootElement.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task An_applied_migration_edited_on_disk_is_refused_before_anything_is_built(string kind)
    {
        var (dir, db, cli) = await MigratedAsync(kind);
        using var _ = dir;
        await using var __ = db;
        dir.Write("migrations/V2__index.sql", "CREATE INDEX notes_title_idx ON notes (title, id);");

        var result = await cli.RunAsync("drift");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("V2__index.sql: was modified after it was applied", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("temporary", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_not_create_databases_builds_the_expected_schema_in_a_temporary_schema()
    {
        var (dir, db, cli) = await MigratedAsync("postgres");
        using var _ = dir;
        await using var __ = db;
        var role = "drift_" + Guid.NewGuid().ToString("N")[..8];
        await db.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'drift-pw' NOCREATEDB; GRANT CREATE ON DATABASE \"{db.Postgres.Name}\" TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        var url = new UriBuilder(db.Url) { UserName = role, Password = "drift-pw" }.Uri.ToString();
        await db.ExecuteAsync("CREATE INDEX notes_body_idx ON notes (body)");

        var result = await new Cli(dir, url).RunAsync("drift");

        Assert.True(result.ExitCode == 13, result.ToString());
        Assert.Contains("temporary schema slipway_verify_", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\+ index public\.notes_body_idx", result.Stdout);
        Assert.Contains("Drift: 1 object(s) differ", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(await db.ColumnAsync("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'slipway_verify_%'"));
        Assert.DoesNotContain("drift-pw", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_whose_url_names_another_schema_is_replayed_in_that_schema()
    {
        using var dir = new TempDirectory();
        await using var db = await PostgresServer.CreateDatabaseAsync("appschema");
        await db.ExecuteAsync("CREATE SCHEMA app");
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text);");
        var cli = new Cli(dir, new UriBuilder(db.Url) { Query = "search_path=app" }.Uri.ToString());
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var clean = await cli.RunAsync("drift");
        await db.ExecuteAsync("CREATE INDEX notes_title_idx ON app.notes (title)");
        var drifted = await cli.RunAsync("drift");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(drifted.ExitCode == 13, drifted.ToString());
        Assert.Matches(@"(?m)^\+ index app\.notes_title_idx", drifted.Stdout);

        // A baseline squashed from that schema builds a new database, which migrate gives the schema first.
        var squashed = await cli.RunAsync("squash", "--to", "1", "--out", "migrations/B1__base.sql", "--pg-bin", PostgresServer.BinDirectory);
        await using var fresh = await PostgresServer.CreateDatabaseAsync("appschema");
        var freshCli = new Cli(dir, new UriBuilder(fresh.Url) { Query = "search_path=app" }.Uri.ToString());
        var built = await freshCli.RunAsync("migrate");
        var freshDrift = await freshCli.RunAsync("drift");
        Assert.True(squashed.ExitCode == 0, squashed.ToString());
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS app;", File.ReadAllText(dir["migrations/B1__base.sql"]), StringComparison.Ordinal);
        Assert.True(built.ExitCode == 0, built.ToString());
        Assert.Equal(["1"], await fresh.ColumnAsync("SELECT count(*)::text FROM app.slipway_history WHERE kind = 'baseline'"));
        Assert.True(freshDrift.ExitCode == 0, freshDrift.ToString());
        Assert.Contains("No drift: the schema matches version 1 (1 migration(s) replayed", freshDrift.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_schema_replay_of_migrations_that_name_a_real_schema_is_refused_before_anything_runs()
    {
        var (dir, db, cli) = await MigratedAsync("postgres");
        using var _ = dir;
        await using var __ = db;
        dir.Write("migrations/V3__seed.sql", "-- a seed row\nINSERT INTO public.notes (id, title) VALUES (1, 'first');");
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        var role = "drift_" + Guid.NewGuid().ToString("N")[..8];
        await db.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'drift-pw' NOCREATEDB; GRANT CREATE ON DATABASE \"{db.Postgres.Name}\" TO {role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; GRANT CREATE ON SCHEMA public TO {role}");
        var url = new UriBuilder(db.Url) { UserName = role, Password = "drift-pw" }.Uri.ToString();
        await using var fresh = await PostgresServer.CreateDatabaseAsync("searchpath");
        await fresh.ExecuteAsync($"ALTER DATABASE \"{fresh.Name}\" OWNER TO {role}; ALTER SCHEMA public OWNER TO {role}");
        using var other = new TempDirectory();
        other.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);");
        other.Write("migrations/U1__notes.sql", "DROP TABLE notes;");
        other.Write("migrations/V2__path.sql", "SET search_path TO public;\nCREATE TABLE audit (id int);");
        other.Write("migrations/U2__path.sql", "DROP TABLE audit;");

        var drift = await new Cli(dir, url).RunAsync("drift");
        var verify = await new Cli(other, new UriBuilder(fresh.Url) { UserName = role, Password = "drift-pw" }.Uri.ToString()).RunAsync("verify");

        // Replayed, the seed row would have gone into the real table, and verify's table into the real schema.
        Assert.True(drift.ExitCode == 64, drift.ToString());
        Assert.Contains("V3__seed.sql:2 names the schema public; replaying it in the temporary schema slipway_verify_", drift.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was run", drift.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1"], await db.ColumnAsync("SELECT count(*)::text FROM public.notes"));
        Assert.True(verify.ExitCode == 64, verify.ToString());
        Assert.Contains("V2__path.sql:1 names the schema public", verify.Stderr, StringComparison.Ordinal);
        Assert.Empty(await fresh.ColumnAsync("SELECT tablename::text FROM pg_tables WHERE tablename IN ('audit', 'notes')"));
        Assert.Empty(await fresh.ColumnAsync("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'slipway_verify_%'"));
        Assert.Empty(await db.ColumnAsync("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'slipway_verify_%'"));
        Assert.DoesNotContain("drift-pw", drift.Stdout + drift.Stderr + verify.Stdout + verify.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Record_stores_each_result_next_to_the_history_table_and_plain_drift_writes_nothing(string kind)
    {
        var (dir, db, cli) = await MigratedAsync(kind);
        using var _ = dir;
        await using var __ = db;
        var driftTable = kind == "postgres" ? "SELECT count(*) FROM pg_tables WHERE tablename = 'slipway_history_drift'" : "SELECT count(*) FROM sqlite_master WHERE name = 'slipway_history_drift'";

        var plain = await cli.RunAsync("drift");
        var tableAfterPlain = await db.ColumnAsync(driftTable);
        var clean = await cli.RunAsync("drift", "--record");
        await db.ExecuteAsync("CREATE INDEX notes_body_idx ON notes (body)");
        var drifted = await cli.RunAsync("drift", "--record");
        var again = await cli.RunAsync("drift");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(["0"], tableAfterPlain);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("Recorded the result in slipway_history_drift", clean.Stdout, StringComparison.Ordinal);
        Assert.True(drifted.ExitCode == 13, drifted.ToString());
        var rows = await db.ColumnAsync("SELECT version || '|' || objects || '|' || excluded || '|' || differences FROM slipway_history_drift ORDER BY id");
        var index = kind == "postgres" ? "index public.notes_body_idx" : "index notes_body_idx";
        Assert.Equal(["2|0|0|[]", $"2|1|0|[{{\"change\":\"extra\",\"object\":\"{index}\"}}]"], rows);

        // The drift table is Slipway's own, like the history table: never reported as drift.
        Assert.True(again.ExitCode == 13, again.ToString());
        Assert.Contains("Drift: 1 object(s) differ", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("slipway_history_drift", again.Stdout, StringComparison.Ordinal);
    }
}
