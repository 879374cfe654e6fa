using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// Many real slipway processes at once, and processes killed mid-run (seen running on the server before
/// the kill). The migrations detect double execution themselves: each inserts its version into a table
/// with a primary key, so a second execution would fail the run.
/// </summary>
public sealed class ConcurrencyAndCrashTests
{
    private static void WriteCountingMigrations(TempDirectory dir, int count, string? slowStep = null)
    {
        dir.Write("migrations/V1__executions.sql", "CREATE TABLE executions (version integer PRIMARY KEY);\nINSERT INTO executions VALUES (1);");
        for (var i = 2; i <= count; i++)
        {
            var slow = i == 3 && slowStep is not null ? slowStep + "\n" : string.Empty;
            dir.Write($"migrations/V{i}__step.sql", $"{slow}CREATE TABLE step_{i} (id integer);\nINSERT INTO executions VALUES ({i});");
        }
    }

    [Fact]
    public async Task Migrate_applies_each_pending_migration_exactly_once_under_16_runners_on_postgres()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("conc");
        using var dir = new TempDirectory();
        WriteCountingMigrations(dir, 8, "SELECT pg_sleep(0.3);");
        var cli = new Cli(dir, db.Url);

        var runners = Enumerable.Range(0, 16).Select(_ => cli.Start("migrate")).ToList();
        var results = await Task.WhenAll(runners.Select(r => r.WaitAsync(TimeSpan.FromMinutes(2))));
        runners.ForEach(r => r.Dispose());

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(8, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
        Assert.Equal(8, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history"));
        Assert.Equal(8, await db.ScalarAsync<long>("SELECT count(DISTINCT version) FROM slipway_history"));
    }

    [Fact]
    public async Task Migrate_applies_each_pending_migration_exactly_once_under_8_runners_on_one_sqlite_file()
    {
        using var dir = new TempDirectory();
        WriteCountingMigrations(dir, 8);
        var cli = new Cli(dir, "sqlite:shared.db");

        var runners = Enumerable.Range(0, 8).Select(_ => cli.Start("migrate")).ToList();
        var results = await Task.WhenAll(runners.Select(r => r.WaitAsync(TimeSpan.FromMinutes(2))));
        runners.ForEach(r => r.Dispose());

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await using var connection = new SqliteConnection($"Data Source={dir["shared.db"]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM executions) || '/' || (SELECT count(*) FROM slipway_history)";
        Assert.Equal("8/8", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Runners_killed_with_sigkill_inside_the_first_middle_and_last_migration_leave_a_database_the_next_run_completes()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("kill");
        using var dir = new TempDirectory();
        // Six migrations; V1, V3 and V6 sleep on the server first (a minute, however busy the machine,
        // until the test lets them through), under a name the test can see in pg_stat_activity.
        await db.ExecuteAsync("CREATE TABLE sleep_control (version int, seconds float8); INSERT INTO sleep_control VALUES (1, 60), (3, 60), (6, 60)");
        static string Sleep(int version) => $"SELECT pg_sleep((SELECT seconds FROM sleep_control WHERE version = {version})) AS in_v{version};\n";
        dir.Write("migrations/V1__executions.sql", $"{Sleep(1)}CREATE TABLE executions (version integer PRIMARY KEY);\nINSERT INTO executions VALUES (1);");
        for (var i = 2; i <= 6; i++)
        {
            var sleep = i is 3 or 6 ? Sleep(i) : string.Empty;
            dir.Write($"migrations/V{i}__step.sql", $"{sleep}CREATE TABLE step_{i} (id integer);\nINSERT INTO executions VALUES ({i});");
        }

        var cli = new Cli(dir, db.Url);
        var landed = new List<string>();
        foreach (var version in new[] { 1, 3, 6 })
        {
            using var victim = cli.Start("migrate", "--lock-wait", "30s");
            // Progress seen on the server before the kill: the earlier migrations recorded, this one running.
            await WaitUntilRunningAsync(db, $"in_v{version}", victim);
            var recordedBefore = await HistoryCountAsync(db);
            victim.Signal(9);
            var killed = await victim.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(137, killed.ExitCode);
            var recordedAfter = await HistoryCountAsync(db);
            Assert.Equal(version - 1, recordedBefore);
            // The kill interrupted the run: the migration in flight left no trace and the run is incomplete.
            Assert.Equal(recordedBefore, recordedAfter);
            Assert.Equal(version - 1, version == 1 ? 0 : await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE tablename = 'step_{version}'"));
            landed.Add($"V{version} ({recordedAfter} of 6 recorded)");
            await db.ExecuteAsync($"UPDATE sleep_control SET seconds = 0 WHERE version = {version}");
        }

        Assert.True(landed.Count >= 3, "kills that landed mid-run: " + string.Join(", ", landed));

        var next = await cli.RunAsync("migrate", "--lock-wait", "30s");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(6, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
        Assert.Equal(6, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        Assert.Equal(6, await db.ScalarAsync<long>("SELECT count(DISTINCT version) FROM slipway_history"));
    }

    private static async Task WaitUntilRunningAsync(TestDatabase db, string marker, RunningProcess victim)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await db.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db.Name}' AND state = 'active' AND query LIKE '%{marker}%' AND pid <> pg_backend_pid()") == 0)
        {
            Assert.False(victim.Process.HasExited, $"the run ended before {marker} was seen running:\n{victim.Stdout}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{marker} never ran:\n{victim.Stdout}");
            await Task.Delay(20);
        }
    }

    private static async Task<long> HistoryCountAsync(TestDatabase db) =>
        await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'slipway_history'") == 1
            ? await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history")
            : 0;
}
