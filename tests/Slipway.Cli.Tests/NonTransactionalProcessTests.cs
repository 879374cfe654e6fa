using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>The real slipway binary on non-transactional migrations: killed mid-migration, and validated.</summary>
public sealed class NonTransactionalProcessTests
{
    // Every insert hits a primary key: a statement run twice fails the run.
    private const string Slow = """
        -- slipway: no-transaction
        INSERT INTO effects VALUES (1);
        SELECT pg_sleep(0.4);
        INSERT INTO effects VALUES (2);
        SELECT pg_sleep(0.4);
        INSERT INTO effects VALUES (3);
        SELECT pg_sleep(0.4);
        INSERT INTO effects VALUES (4);
        SELECT pg_sleep(0.4);
        INSERT INTO effects VALUES (5);
        """;

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task A_runner_killed_with_sigkill_mid_migration_is_resumed_by_the_next_run_without_repeating_statements(int killAfterStatements)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("ntkill");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__effects.sql", "CREATE TABLE effects (step integer PRIMARY KEY);");
        dir.Write("migrations/V2__slow.sql", Slow);
        var cli = new Cli(dir, db.Url);

        using (var victim = cli.Start("migrate"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await ProgressAsync(db) < killAfterStatements)
            {
                Assert.True(DateTime.UtcNow < deadline && !victim.Process.HasExited, "no progress row appeared:\n" + victim.Stdout);
                await Task.Delay(20);
            }

            victim.Signal(9);
            await victim.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // A statement and its progress row go to the server in one batch, which the victim's backend
        // may still finish and commit after the kill: read the progress once that backend is gone.
        var gone = DateTime.UtcNow.AddSeconds(30);
        while (await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'slipway'") > 0)
        {
            Assert.True(DateTime.UtcNow < gone, "the killed runner's backend did not end");
            await Task.Delay(20);
        }

        var done = await ProgressAsync(db);
        Assert.InRange(done, killAfterStatements, 8);
        var next = await cli.RunAsync("migrate", "--lock-wait", "30s");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains($"resuming at statement {done + 1} of 9", next.All, StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3", "4", "5"], await db.ColumnAsync("SELECT step FROM effects ORDER BY step"));
        // V1 is transactional: its statement count is recorded for the audit trail.
        Assert.Equal(["1:true:1", "2:true:9"], await db.ColumnAsync("SELECT version || ':' || success || ':' || statements_done FROM slipway_history ORDER BY version"));
    }

    [Fact]
    public async Task Validate_reports_a_mixed_migration_with_its_file_and_line_and_exits_2()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("ntval");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__mixed.sql", "CREATE TABLE t (a int);\n-- then\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");

        var result = await new Cli(dir, db.Url).RunAsync("validate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("V1__mixed.sql:3", result.All, StringComparison.Ordinal);
        Assert.Contains("mixed-transaction", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, result.All, StringComparison.Ordinal);
    }

    private static async Task<int> ProgressAsync(TestDatabase db)
    {
        if (await db.ScalarAsync<bool>("SELECT to_regclass('slipway_history') IS NULL"))
        {
            return 0;
        }

        return await db.ScalarAsync<int>("SELECT coalesce(max(statements_done), 0) FROM slipway_history WHERE version = '2' AND NOT success");
    }
}
