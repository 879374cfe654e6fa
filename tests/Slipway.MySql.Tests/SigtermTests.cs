using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.MySql.Tests;

/// <summary>SIGTERM is what Kubernetes sends to stop a pod: on MySQL too the runner must stop cleanly and quickly.</summary>
[Collection(ProcessGroup.Name)]
[Trait("Category", "Timing")]
public sealed class SigtermTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_rolls_back_a_running_transactional_migration_and_exits_6_within_5_seconds()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("sigterm");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__slow.sql", "INSERT INTO a VALUES (1);\nSELECT SLEEP((SELECT seconds FROM sleep_control));\nINSERT INTO a VALUES (2);");
        await db.ExecuteAsync("CREATE TABLE sleep_control (seconds double); INSERT INTO sleep_control VALUES (60)");
        var runner = new SlipwayRunner(dir, db.Url);

        // Several times: when the statement's error and the end of the kill arrive varies from run to run,
        // and the run's socket completions run inline on MySQL, where a cancel that waits would stall.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var process = runner.Start();
            await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__slow.sql");
            await Task.Delay(300);
            var result = await SlipwayRunner.InterruptAsync(process, line => output.WriteLine($"attempt {attempt}: {line}"));

            Assert.Contains("V2__slow.sql was rolled back", result.All, StringComparison.Ordinal);
            Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM a"));
            Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM slipway_history WHERE version = '2'"));
        }

        await db.ExecuteAsync("UPDATE sleep_control SET seconds = 0");
        var next = await runner.RunAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(2, await db.ScalarAsync("SELECT count(*) FROM a"));
    }

    [Fact]
    public async Task Sigterm_lets_a_running_ddl_statement_finish_records_it_and_the_next_run_resumes_after_it()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("sigtermddl");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__ddl.sql", "CREATE TABLE b AS SELECT SLEEP(1.5) AS x;\nCREATE TABLE c (id int);");
        var runner = new SlipwayRunner(dir, db.Url);

        using var process = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__ddl.sql");
        await Task.Delay(300);
        var result = await SlipwayRunner.InterruptAsync(process, output.WriteLine);

        Assert.Contains("let the running non-transactional statement of V2__ddl.sql finish", result.All, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM b"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'c'"));
        Assert.Equal(1, await db.ScalarAsync("SELECT statements_done FROM slipway_history WHERE version = '2' AND NOT success"));
        var started = await db.ScalarAsync("SELECT CAST(UNIX_TIMESTAMP(started_at) * 1000000 AS SIGNED) FROM slipway_history WHERE version = '2' AND NOT success");

        var next = await runner.RunAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM b"));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM slipway_history WHERE version = '2' AND success"));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'c'"));

        // The resumed run's row keeps the start of the migration's first statement, in the interrupted run.
        Assert.Equal(started, await db.ScalarAsync("SELECT CAST(UNIX_TIMESTAMP(started_at) * 1000000 AS SIGNED) FROM slipway_history WHERE version = '2' AND success"));
    }
}
