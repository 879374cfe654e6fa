using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// Every command decides how a script runs (one transaction, or statement by statement) the same way,
/// with the target database's rules: up and down scripts, migrate, rollback, verify and plan --execute.
/// </summary>
public sealed class NonTransactionalScriptTests
{
    [Theory]
    [InlineData("DROP INDEX CONCURRENTLY notes_a;\nDROP INDEX CONCURRENTLY notes_b;\n")]
    [InlineData("DROP INDEX CONCURRENTLY notes_a;\n")]
    public async Task Rollback_of_a_concurrent_index_migration_runs_its_down_script_outside_a_transaction(string down)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("postgres", dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (a int, b int);");
        dir.Write("migrations/V2__indexes.sql", "CREATE INDEX CONCURRENTLY notes_a ON notes (a);\nCREATE INDEX CONCURRENTLY notes_b ON notes (b);\n");
        dir.Write("migrations/U2__indexes.sql", down);
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var result = await cli.RunAsync("rollback", "--to", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("25001", result.Stderr, StringComparison.Ordinal);
        var left = down.Contains("notes_b", StringComparison.Ordinal) ? Array.Empty<string>() : ["notes_b"];
        Assert.Equal(left, await db.ColumnAsync("SELECT indexname::text FROM pg_indexes WHERE tablename = 'notes' ORDER BY 1"));
        Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));
    }

    [Fact]
    public async Task A_json_audit_event_says_a_detected_concurrent_migration_ran_without_a_transaction()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("postgres", dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (a int);");
        dir.Write("migrations/V2__index.sql", "CREATE INDEX CONCURRENTLY notes_a ON notes (a);\n");
        var cli = new Cli(dir, db.Url);

        var result = await cli.RunAsync("migrate", "--log-format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.Stdout.Split('\n').Where(l => l.Contains("\"audit\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(events, e => e.Contains("\"script\":\"V1__notes.sql\"", StringComparison.Ordinal) && e.Contains("\"transactional\":true", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("\"script\":\"V2__index.sql\"", StringComparison.Ordinal) && e.Contains("\"transactional\":false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_and_dry_run_on_sqlite_split_a_trigger_body_with_sqlite_rules()
    {
        // PostgreSQL's rules would split the trigger at its inner semicolon and read its END as a COMMIT.
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, touched integer NOT NULL DEFAULT 0);");
        dir.Write("migrations/U1__notes.sql", "DROP TABLE notes;");
        dir.Write("migrations/V2__touch.sql", """
            -- slipway: no-transaction
            CREATE TRIGGER notes_touch AFTER UPDATE ON notes BEGIN
              UPDATE notes SET touched = touched + 1 WHERE id = new.id AND touched = old.touched;
            END;
            """);
        dir.Write("migrations/U2__touch.sql", "DROP TRIGGER notes_touch;");
        var cli = new Cli(dir, db.Url);

        var verify = await cli.RunAsync("verify");
        var dryRun = await cli.RunAsync("plan", "--execute");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verified V2__touch.sql", verify.Stdout, StringComparison.Ordinal);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.DoesNotContain("transaction-control", dryRun.Stderr + dryRun.Stdout, StringComparison.Ordinal);
        Assert.Empty(await db.TablesAsync());
    }
}
