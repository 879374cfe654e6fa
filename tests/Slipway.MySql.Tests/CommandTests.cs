using System.Globalization;
using MySqlConnector;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>What the commands say about MySQL's limits: non-atomic plans, the DDL/DML lint rule, lock waits and who blocks them.</summary>
[Collection(ProcessGroup.Name)]
public sealed class CommandTests
{
    [Fact]
    public async Task Plan_marks_a_migration_with_ddl_non_atomic_and_a_dry_run_executes_only_the_data_migration()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("plan");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__table.sql", "# the table\nCREATE TABLE a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);");
        dir.Write("migrations/V2__data.sql", "INSERT INTO a VALUES (2);");
        var runner = new SlipwayRunner(dir, db.Url);
        Assert.Equal(0, (await runner.RunAsync("migrate", "--target", "1")).ExitCode);
        dir.Write("migrations/V3__more.sql", "ALTER TABLE a ADD c INT;");

        var plan = await runner.RunAsync("plan");
        var dry = await runner.RunAsync("plan", "--execute");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.DoesNotContain("V2__data.sql  (non-atomic", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("V3__more.sql  (non-atomic: ALTER TABLE at line 1 commits implicitly", plan.Stdout, StringComparison.Ordinal);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("V3__more.sql (non-atomic: ALTER TABLE at line 1 commits implicitly; runs statement by statement, each recorded): not executed in dry run", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 migration(s) executed in one transaction and rolled back", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM a"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'a' AND COLUMN_NAME = 'c'"));
    }

    [Fact]
    public async Task The_history_row_of_a_migration_run_statement_by_statement_spans_all_of_its_statements()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("started");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__ddl.sql", "CREATE TABLE b AS SELECT SLEEP(0.8) AS x;\nCREATE TABLE c (id INT);\nCREATE TABLE d (id INT);");
        var run = await new SlipwayRunner(dir, db.Url).RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        // The first statement alone takes 0.8 s: a row that started with the last statement would say a few ms.
        Assert.True(await db.ScalarAsync("SELECT execution_ms FROM slipway_history WHERE version = '1' AND success") >= 800);
        Assert.True(await db.ScalarAsync("SELECT TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) DIV 1000 FROM slipway_history WHERE version = '1' AND success") >= 800);
        Assert.Equal(3, await db.ScalarAsync("SELECT statements_done FROM slipway_history WHERE version = '1'"));
    }

    [Fact]
    public async Task Lint_with_the_mysql_dialect_warns_about_ddl_mixed_with_data_changes_without_postgresql_rules()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__mixed.sql", "CREATE TABLE a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);\nTRUNCATE TABLE a;");
        dir.Write("migrations/V2__ddl.sql", "DELIMITER //\nCREATE PROCEDURE p() BEGIN INSERT INTO a VALUES (2); END //\nDELIMITER ;");

        var result = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?>(), ["lint", "--dialect", "mysql"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("V1__mixed.sql:1", result.All, StringComparison.Ordinal);
        Assert.Contains("SW014", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("V2__ddl.sql", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("SW012", result.All, StringComparison.Ordinal);
        Assert.Contains("(mysql)", result.All, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Timing")]
    public async Task A_ddl_statement_blocked_by_an_open_transaction_is_retried_names_the_blocker_and_applies_once_it_ends()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("wait");
        await db.ExecuteAsync("CREATE TABLE busy (id INT PRIMARY KEY); INSERT INTO busy VALUES (1);");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__alter.sql", "CREATE TABLE side (id INT);\nALTER TABLE busy ADD c INT;");
        var runner = new SlipwayRunner(dir, db.Url, ("SLIPWAY_LOCK_TIMEOUT", "1s"), ("SLIPWAY_LOCK_RETRIES", "1"));

        // An application transaction that read the table holds its metadata lock until it ends.
        await using var holder = new MySqlConnection(db.ConnectionString);
        await holder.OpenAsync();
        await using (var begin = new MySqlCommand("START TRANSACTION; SELECT * FROM busy;", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var holderId = holder.ServerThread.ToString(CultureInfo.InvariantCulture);
        var blocked = await runner.RunAsync();
        await holder.CloseAsync();
        var after = await runner.RunAsync();

        // Out of retries inside a statement-by-statement migration: exit 1 as on PostgreSQL (docs/cli.md),
        // and the message says what stays applied and where the next run resumes, not "rolled back".
        Assert.True(blocked.ExitCode == 1, blocked.ToString());
        Assert.Contains("V1__alter.sql:2 (statement 2 of 2): V1__alter.sql waited longer than 1s for a lock (1205", blocked.All, StringComparison.Ordinal);
        Assert.Contains("Gave up after 1 retries; statement 2 did not run. Statement 1 is applied and recorded; run migrate again when the blocking session is gone (or allow more retries): it resumes at statement 2", blocked.All, StringComparison.Ordinal);
        Assert.Contains("--lock-retries / SLIPWAY_LOCK_RETRIES", blocked.All, StringComparison.Ordinal);
        Assert.DoesNotContain("rolled back", blocked.All, StringComparison.Ordinal);
        Assert.Contains("retry 1 of 1", blocked.All, StringComparison.Ordinal);
        Assert.Contains($"connection {holderId} (slipway@", blocked.All, StringComparison.Ordinal);
        Assert.Contains("transaction open", blocked.All, StringComparison.Ordinal);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("resum", after.All, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'busy' AND COLUMN_NAME = 'c'"));
        Assert.True(await db.TableExistsAsync("side"));
    }

    [Fact]
    public async Task Verify_drift_schema_dump_backup_baseline_and_repair_work_on_a_flyway_folder()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("cmds");
        await using var baselined = await MariaDbServer.CreateDatabaseAsync("base");
        using var dir = new TempDirectory();
        var folder = Repository.PathOf("tests/fixtures/migrations/mysql-flyway");
        var runner = new SlipwayRunner(dir, db.Url, ("SLIPWAY_MIGRATIONS", folder));
        Assert.Equal(0, (await runner.RunAsync("migrate")).ExitCode);

        var verify = await runner.RunAsync("verify", "--all");
        var drift = await runner.RunAsync("drift");
        var dump = await runner.RunAsync("schema", "dump");
        var backup = await runner.RunAsync("backup", "--backup-dir", "backups");
        await db.ExecuteAsync("ALTER TABLE products ADD COLUMN sneaked_in INT");
        var drifted = await runner.RunAsync("drift");
        var repair = await runner.RunAsync("repair");
        var baseline = await new SlipwayRunner(dir, baselined.Url, ("SLIPWAY_MIGRATIONS", folder)).RunAsync("baseline", "--version", "2");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verified 3 migration(s) reversible", verify.Stdout, StringComparison.Ordinal);
        Assert.True(drift.ExitCode == 0, drift.ToString());
        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Contains("trigger products_price_log", dump.Stdout, StringComparison.Ordinal);
        Assert.Contains("function with_tax", dump.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("slipway_history", dump.Stdout, StringComparison.Ordinal);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var file = Assert.Single(Directory.GetFiles(dir["backups"]));
        Assert.Contains("CREATE TABLE `products`", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.DoesNotContain(MariaDbServer.Password, backup.All + await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.True(drifted.ExitCode == 13, drifted.ToString());
        Assert.Contains("sneaked_in", drifted.All, StringComparison.Ordinal);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.Equal(1, await baselined.ScalarAsync("SELECT count(*) FROM slipway_history WHERE kind = 'baseline' AND version = '2'"));
    }
}
