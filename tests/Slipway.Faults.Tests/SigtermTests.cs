using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>SIGTERM is what Kubernetes sends to stop a pod: the runner must stop cleanly and quickly.</summary>
[Collection(FaultsGroup.Name)]
[Trait("Category", "Timing")]
public sealed class SigtermTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_rolls_back_the_running_migration_releases_the_lock_and_exits_6_within_5_seconds()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("sigterm");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__slow.sql", "CREATE TABLE half_done (id int);\nSELECT pg_sleep((SELECT seconds FROM sleep_control));");
        await db.ExecuteAsync("CREATE TABLE sleep_control (seconds float8); INSERT INTO sleep_control VALUES (60)");
        var runner = new SlipwayRunner(dir, db.Url);

        // Several times: whether the statement's error or the close of the cancel request's connection
        // reaches the runner first varies from run to run, and a stall hid behind one of the two orders.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var process = runner.Start();
            await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__slow.sql");
            await Task.Delay(300);
            var result = await SlipwayRunner.InterruptAsync(process, line => output.WriteLine($"attempt {attempt}: {line}"));

            Assert.Contains("V2__slow.sql was rolled back", result.All, StringComparison.Ordinal);
            Assert.Contains("lock released", result.All, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
            Assert.Equal(["1"], await db.ColumnAsync("SELECT version FROM slipway_history"));
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '{db.Name}'"));
        }

        await db.ExecuteAsync("UPDATE sleep_control SET seconds = 0");
        var next = await runner.RunAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
    }

    [Fact]
    public async Task Sigterm_lets_a_running_non_transactional_statement_finish_records_it_and_stops_before_the_next()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("sigtermnt");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("migrations/V2__nt.sql", "-- slipway: no-transaction\nCREATE TABLE nt_done AS SELECT 1 AS x FROM pg_sleep(1.5)");
        dir.Write("migrations/V3__after.sql", "CREATE TABLE after_nt (id int);");
        var runner = new SlipwayRunner(dir, db.Url);

        using var process = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__nt.sql");
        await Task.Delay(200);
        var result = await SlipwayRunner.InterruptAsync(process, output.WriteLine);

        Assert.Contains("let the running non-transactional statement of V2__nt.sql finish", result.All, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM nt_done"));
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'after_nt'"));
    }
}
