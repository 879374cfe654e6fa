using Slipway.Discovery;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway baseline</c> and <c>slipway repair</c> against real databases.</summary>
public sealed class BaselineAndRepairTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Baseline_adopts_a_database_with_existing_tables_and_migrate_then_applies_only_newer_migrations(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        await db.ExecuteAsync("CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL); INSERT INTO notes VALUES (1, 'kept');");
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text NOT NULL);");
        dir.Write("migrations/V2__add_author.sql", "ALTER TABLE notes ADD COLUMN author text;");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(1, (await cli.RunAsync("migrate")).ExitCode);

        var baseline = await cli.RunAsync("baseline", "--version", "1");
        var status = await cli.RunAsync("status");
        var migrate = await cli.RunAsync("migrate");
        var again = await cli.RunAsync("baseline", "--version", "1");
        var other = await cli.RunAsync("baseline", "--version", "2");

        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Contains("at version 1; 1 migration file(s) count as applied", baseline.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"1\s+\|\s+create notes\s+\|\s+pre-deploy\s+\|\s+below-baseline", status.Stdout);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("Applied 1 migration(s); now at version 2", migrate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Already baselined at version 1", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("already has a baseline at version 1", other.Stderr, StringComparison.Ordinal);
        Assert.Equal(["baseline:1", "versioned:2"], await db.ColumnAsync("SELECT kind || ':' || version FROM slipway_history ORDER BY id"));
        Assert.Equal(["kept"], await db.ColumnAsync("SELECT title FROM notes"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Repair_realigns_an_edited_checksum_removes_a_failed_row_prints_each_change_and_audits_it(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        const string Original = "CREATE TABLE notes (id integer PRIMARY KEY);";
        const string Edited = "-- Notes table: one row per note.\nCREATE TABLE notes (id integer PRIMARY KEY);\n";
        dir.Write("migrations/V1__create_notes.sql", Original);
        dir.Write("migrations/V2__seed.sql", "INSERT INTO notes VALUES (1);");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        var appliedAt = (await db.ColumnAsync("SELECT started_at FROM slipway_history WHERE version = '1'"))[0];
        dir.Write("migrations/V1__create_notes.sql", Edited);
        dir.Write("migrations/V3__index.sql", "-- slipway: no-transaction\nCREATE INDEX notes_id_idx ON notes (id);");
        await db.ExecuteAsync("INSERT INTO slipway_history (version, description, kind, script, checksum, checksum_algorithm, phase, applied_by, started_at, execution_ms, success, statements_done) "
            + "VALUES ('3', 'index', 'versioned', 'V3__index.sql', 'x', 1, 'pre-deploy', 'someone', '2026-01-01T00:00:00Z', 0, " + (db.IsPostgres ? "false" : "0") + ", 0)");
        Assert.Equal(2, (await cli.RunAsync("migrate")).ExitCode);

        var repair = await cli.RunAsync("repair");
        var migrate = await cli.RunAsync("migrate");
        var nothing = await cli.RunAsync("repair");

        var oldSum = Checksum.Compute(Original)[..12];
        var newSum = Checksum.Compute(Edited)[..12];
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains($"Repair: checksum       V1__create_notes.sql: {oldSum} -> {newSum}", repair.Stdout, StringComparison.Ordinal);
        Assert.Contains("Repair: removed-failed V3__index.sql: failed row of version 3 removed (it stopped after 0 statement(s)); the next migrate runs it again from the start", repair.Stdout, StringComparison.Ordinal);
        Assert.Contains("Repaired 2 history entries", repair.Stdout, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("Applied 1 migration(s); now at version 3", migrate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing to repair", nothing.Stdout, StringComparison.Ordinal);
        var audit = Assert.Single(await db.ColumnAsync("SELECT note FROM slipway_history WHERE kind = 'repair'"));
        Assert.Equal($"checksum       V1__create_notes.sql: {oldSum} -> {newSum}\nremoved-failed V3__index.sql: failed row of version 3 removed (it stopped after 0 statement(s)); the next migrate runs it again from the start", audit);
        Assert.Equal([appliedAt], await db.ColumnAsync("SELECT started_at FROM slipway_history WHERE version = '1'"));
        Assert.Equal([Checksum.Compute(Edited)], await db.ColumnAsync("SELECT checksum FROM slipway_history WHERE version = '1'"));
    }
}
