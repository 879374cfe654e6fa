using System.Text.Json;
using Npgsql;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>Exit codes are a contract: each failure class has its own, documented in docs/cli.md.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task Migrate_exits_0_and_status_shows_every_applied_migration()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);");
        dir.Write("migrations/V2__add_author.sql", "-- slipway: lock-timeout=2s\nALTER TABLE notes ADD COLUMN author text;");
        var cli = new Cli(dir, db.Url);

        var migrate = await cli.RunAsync("migrate");
        var status = await cli.RunAsync("status");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("V1__create_notes.sql", migrate.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"1\s+\|\s+create notes\s+\|\s+pre-deploy\s+\|\s+applied", status.Stdout);
        Assert.Matches(@"2\s+\|\s+add author\s+\|\s+pre-deploy\s+\|\s+applied", status.Stdout);
    }

    [Fact]
    public async Task A_failing_migration_exits_1_naming_the_file_and_line_and_leaves_no_trace()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__ok.sql", "CREATE TABLE ok (id int);");
        dir.Write("migrations/V2__half.sql", "CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);");
        var cli = new Cli(dir, db.Url);

        var result = await cli.RunAsync("migrate");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("V2__half.sql", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("42P01", result.Stderr, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("SELECT to_regclass('half') IS NOT NULL"));
        Assert.True(await db.ScalarAsync<bool>("SELECT to_regclass('ok') IS NOT NULL"));
        Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task Validation_errors_exit_2_listing_every_problem_and_apply_nothing()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V1__b.sql", "CREATE TABLE b (id int);");
        dir.Write("migrations/README.sql", "SELECT 1;");

        var result = await new Cli(dir, db.Url).RunAsync("migrate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("duplicate-version", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("README.sql", result.Stderr, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("SELECT to_regclass('a') IS NOT NULL"));
    }

    [Fact]
    public async Task Waiting_for_another_runners_lock_too_long_exits_3()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        var cli = new Cli(dir, db.Url);
        var probe = await cli.RunAsync("plan");
        Assert.Equal(0, probe.ExitCode);

        await using var holder = new NpgsqlConnection(db.ConnectionString);
        await holder.OpenAsync();
        // The same key the CLI uses for the default history table.
        await new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey("slipway_history")})", holder).ExecuteNonQueryAsync();

        var result = await cli.RunAsync("migrate", "--lock-wait", "1s");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("--lock-wait", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_exits_4_without_printing_the_password()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");

        var result = await new Cli(dir, "postgresql://app:Sup3rS3cret@127.0.0.1:1/db").RunAsync("migrate", "--wait", "1s");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.DoesNotContain("Sup3rS3cret", result.All, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", result.Stderr, StringComparison.Ordinal);
    }

    // The files are read while the connection is retried: a broken file must not wait for the database.
    [Fact]
    [Trait("Category", "Timing")]
    public async Task A_migration_that_cannot_be_read_is_reported_at_once_while_the_database_is_still_awaited()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Write("migrations/V1__latin1.sql", string.Empty), [.. "INSERT INTO a VALUES ('caf"u8, 0xE9, .. "');"u8]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await new Cli(dir, "postgresql://app:Sup3rS3cret@127.0.0.1:1/db").RunAsync("migrate", "--wait", "60s");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("V1__latin1.sql' is not valid UTF-8", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("oracle://u:Sup3rS3cret@h/db", "unsupported scheme")]
    [InlineData("postgresql://u:Sup3rS3cret@h/db?sslmode=sometimes", "sslmode")]
    public async Task A_bad_database_url_exits_64_with_a_clear_message_and_no_password(string url, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "SELECT 1;");

        var result = await new Cli(dir, url).RunAsync("migrate");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rS3cret", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_exits_64()
    {
        using var dir = new TempDirectory();
        var result = await new Cli(dir, null).RunAsync("migrate", "--no-such-flag");
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("--no-such-flag", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_database_url_an_sqlite_file_in_the_working_directory_is_used()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");

        var result = await new Cli(dir, null).RunAsync("migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(dir["slipway.db"]));
    }

    [Fact]
    public async Task New_creates_the_next_versioned_file_and_its_down_script()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);");

        var result = await new Cli(dir, null).RunAsync("new", "Add orders table", "--down");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(dir["migrations/V3__add_orders_table.sql"]));
        Assert.True(File.Exists(dir["migrations/U3__add_orders_table.sql"]));
    }

    [Fact]
    public async Task Json_output_is_one_object_per_line_ending_with_a_summary()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);\nSELECT pg_sleep(0.25);");
        dir.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new Cli(dir, db.Url).RunAsync("migrate", "--log-format", "json", "--app-version", "4.2.0");
        var wallMs = clock.ElapsedMilliseconds;

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines.SkipLast(1), l =>
        {
            Assert.True(l.TryGetProperty("time", out _));
            Assert.True(l.TryGetProperty("level", out _));
            Assert.True(l.TryGetProperty("message", out _));
        });
        var applied = lines.Where(l => l.GetProperty("event").GetString() == "migration_applied").ToList();
        Assert.Equal(["V1__a.sql", "V2__b.sql"], applied.Select(l => l.GetProperty("script").GetString()));
        // V1 slept 250 ms on the server: the reported duration holds that sleep and fits in the run.
        Assert.InRange(applied[0].GetProperty("duration_ms").GetInt64(), 250, wallMs);
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(0, summary.GetProperty("exit_code").GetInt32());
        Assert.Equal(2, summary.GetProperty("applied").GetInt32());
        Assert.Equal("2", summary.GetProperty("current_version").GetString());
        Assert.Equal(["4.2.0", "4.2.0"], await db.ColumnAsync("SELECT app_version FROM slipway_history ORDER BY id"));
    }

    [Fact]
    public async Task The_password_never_appears_in_any_output_of_any_command()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("cli");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__fails.sql", "SELECT * FROM nowhere;");
        var cli = new Cli(dir, db.Url);

        var outputs = new List<ProcessResult>();
        foreach (var format in new[] { "text", "json" })
        {
            outputs.Add(await cli.RunAsync("migrate", "--log-format", format));
            outputs.Add(await cli.RunAsync("status", "--log-format", format));
            outputs.Add(await cli.RunAsync("plan", "--log-format", format));
            outputs.Add(await cli.RunAsync("validate", "--log-format", format));
        }

        Assert.Contains(outputs, o => o.ExitCode == 1);
        Assert.All(outputs, o => Assert.DoesNotContain(PostgresServer.Password, o.All, StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.All.Contains("postgresql://postgres@127.0.0.1", StringComparison.Ordinal));
    }

    internal static long LockKey(string table)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "slipway:" + table)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    [Fact]
    [Trait("Category", "Timing")]
    public async Task A_missing_migrations_folder_exits_64_at_once_even_while_the_database_is_being_waited_for()
    {
        using var dir = new TempDirectory();
        // Nothing listens on this port: without the folder check winning, the run would wait 30 s for it.
        var cli = new Cli(dir, $"postgresql://app:s3cret-pw@127.0.0.1:{OsUser.FreePort()}/shop");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await cli.RunAsync("migrate", "--migrations", "no-such-folder", "--wait", "30s");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("no-such-folder", result.All, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 20);
        Assert.DoesNotContain("s3cret-pw", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_migration_exits_64_naming_it_and_applies_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);");
        File.CreateSymbolicLink(dir["migrations/V2__add_tags.sql"], dir["moved-away.sql"]);
        var cli = new Cli(dir, "sqlite:app.db");

        var result = await cli.RunAsync("migrate", "--migrations", "migrations");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("Cannot read the migration 'migrations/V2__add_tags.sql': it does not exist", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "app.db")), "nothing may be applied when a migration cannot be read");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_migrations_folder_exits_64_and_never_looks_empty()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY);");
        File.SetUnixFileMode(dir["migrations"], UnixFileMode.None);
        try
        {
            // Root reads any folder: drop the capabilities that let it, so permissions apply as they
            // do to the non-root user slipway runs as in its image.
            string[] wrapper = Environment.IsPrivilegedProcess ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] : [];
            using var running = SlipwayProcess.StartUnder(wrapper, dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = "sqlite:app.db" }, "migrate", "--migrations", "migrations");
            var result = await running.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 64, result.ToString());
            Assert.Contains("Cannot list the migrations folder 'migrations': permission denied", result.All, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir.Path, "app.db")), "a folder that cannot be read must not be migrated as if it were empty");
        }
        finally
        {
            File.SetUnixFileMode(dir["migrations"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_missing_migrations_folder_does_not_create_the_sqlite_database_file()
    {
        using var dir = new TempDirectory();
        var cli = new Cli(dir, "sqlite:app.db");

        var result = await cli.RunAsync("migrate", "--migrations", "no-such-folder");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.False(File.Exists(Path.Combine(dir.Path, "app.db")), "a broken run created the database file");
    }
}
