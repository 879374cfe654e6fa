using System.Text.Json;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>The audit trail: one structured event per schema change, and the same facts in history.</summary>
public sealed class AuditAndHistoryTests
{
    [Fact]
    public async Task Each_migration_writes_one_audit_event_with_the_same_facts_as_its_history_row()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("audit");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\nINSERT INTO orders VALUES (1);\nINSERT INTO orders SELECT 2 FROM pg_sleep(0.25);");
        dir.Write("migrations/V2__broken.sql", "ALTER TABLE orders ADD COLUMN note text;\nSELECT * FROM nowhere;");
        var cli = new Cli(dir, db.Url);
        cli.Environment["HOSTNAME"] = "migrate-job-x7k2p";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var migrate = await cli.RunAsync("migrate", "--log-format", "json", "--app-version", "2.4.1");
        var wallMs = clock.ElapsedMilliseconds;
        var history = await cli.RunAsync("history", "--json");

        Assert.True(migrate.ExitCode == 1, migrate.ToString());
        var audits = Lines(migrate.Stdout).Where(l => l.GetProperty("event").GetString() == "audit").ToList();
        Assert.Equal(["applied", "failed"], audits.Select(a => a.GetProperty("outcome").GetString()));
        var applied = audits[0];
        Assert.Equal("postgres", applied.GetProperty("db_role").GetString());
        Assert.Equal("migrate-job-x7k2p", applied.GetProperty("host").GetString());
        Assert.Equal(db.Name, applied.GetProperty("database").GetString());
        Assert.Equal(3, applied.GetProperty("statements").GetInt32());
        Assert.False(string.IsNullOrEmpty(applied.GetProperty("os_user").GetString()));
        // The server slept 250 ms inside V1: its duration holds that sleep and fits in the process's run.
        Assert.InRange(applied.GetProperty("duration_ms").GetInt64(), 250, wallMs);
        Assert.Contains("42P01", audits[1].GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.True(history.ExitCode == 0, history.ToString());
        using var document = JsonDocument.Parse(history.Stdout);
        var row = Assert.Single(document.RootElement.GetProperty("rows").EnumerateArray());
        foreach (var (auditField, historyField) in new[] { ("version", "version"), ("script", "script"), ("checksum", "checksum"), ("db_role", "applied_by"), ("host", "host"), ("app_version", "app_version") })
        {
            Assert.Equal(applied.GetProperty(auditField).GetString(), row.GetProperty(historyField).GetString());
        }

        Assert.Equal(3, row.GetProperty("statements").GetInt32());
        Assert.InRange(row.GetProperty("execution_ms").GetInt64(), 250, wallMs);
        Assert.True(row.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task History_json_prints_every_row_including_baseline_repair_and_rollback_rows()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("audit");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        await db.ExecuteAsync("""
            INSERT INTO slipway_history (version, description, kind, script, started_at, success, note) VALUES
              ('0', 'baseline', 'baseline', '<< baseline >>', now(), true, NULL),
              (NULL, 'repair', 'repair', '<< repair >>', now(), true, 'removed failed row of V2'),
              ('1', 'rollback', 'rollback', 'U1__a.sql', now(), true, 'rolled back to 0')
            """);

        var history = await cli.RunAsync("history", "--json");
        var text = await cli.RunAsync("history");

        using var document = JsonDocument.Parse(history.Stdout);
        Assert.Equal(4, document.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(["versioned", "baseline", "repair", "rollback"], document.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("removed failed row of V2", document.RootElement.GetProperty("rows")[2].GetProperty("note").GetString());
        Assert.Contains("rolled back to 0", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, history.All + text.All, StringComparison.Ordinal);
    }

    private static List<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Rollback_repair_and_baseline_each_write_audit_events_in_json_mode()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("auditops");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/U1__a.sql", "DROP TABLE a;");
        dir.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);");
        dir.Write("migrations/U2__b.sql", "DROP TABLE b;");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);

        var rollback = await cli.RunAsync("rollback", "--to", "0", "--log-format", "json");
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int); -- a comment");
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int); -- an edited comment");
        var repair = await cli.RunAsync("repair", "--log-format", "json");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.True(repair.ExitCode == 0, repair.ToString());
        var rolledBack = Audits(rollback).Select(a => a.GetProperty("version").GetString()).ToList();
        Assert.Equal(["2", "1"], rolledBack);
        Assert.All(Audits(rollback), a => Assert.Equal("rollback", a.GetProperty("action").GetString()));
        var repaired = Assert.Single(Audits(repair), a => a.GetProperty("action").GetString() == "repair");
        Assert.Equal("V1__a.sql", repaired.GetProperty("script").GetString());
        Assert.False(string.IsNullOrEmpty(repaired.GetProperty("db_role").GetString()));

        await using var fresh = await PostgresServer.CreateDatabaseAsync("auditbase");
        var baseline = await new Cli(dir, fresh.Url).RunAsync("baseline", "--version", "1", "--log-format", "json");
        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Equal("1", Assert.Single(Audits(baseline)).GetProperty("version").GetString());
    }

    private static List<JsonElement> Audits(ProcessResult result) =>
        [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("event", out var name) && name.GetString() == "audit")];
}
