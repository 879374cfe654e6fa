using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// Many real slipway processes at once, and processes killed mid-run. The migrations detect double
/// execution themselves: each inserts its version into a table with a primary key, so a second
/// execution would fail the run.
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

    [Theory]
    [InlineData(150)]
    [InlineData(600)]
    [InlineData(1200)]
    public async Task A_runner_killed_with_sigkill_mid_run_leaves_a_database_the_next_run_completes(int killAfterMs)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("kill");
        using var dir = new TempDirectory();
        WriteCountingMigrations(dir, 5, "SELECT pg_sleep(2);");
        var cli = new Cli(dir, db.Url);

        using (var victim = cli.Start("migrate"))
        {
            await Task.Delay(killAfterMs);
            victim.Signal(9);
            var killed = await victim.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, killed.ExitCode);
        }

        var history = await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'slipway_history'") == 1
            ? await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history")
            : 0;
        Assert.True(history < 5, "the kill came too late to interrupt anything");

        var next = await cli.RunAsync("migrate", "--lock-wait", "30s");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(5, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
        Assert.Equal(5, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
    }
}
