using System.Diagnostics;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>
/// The server or the network fails in the middle of a migration: the runner exits with
/// exit code 5 and a clear message, and the next run completes.
/// </summary>
[Collection(FaultsGroup.Name)]
public sealed class ConnectionLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_server_restarted_mid_migration_fails_the_run_with_connection_lost_and_the_next_run_completes()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        using var dir = new TempDirectory();
        WriteSlowSet(dir);
        await cluster.ScalarAsync(SleepControl);
        var runner = new SlipwayRunner(dir, cluster.Url, ("SLIPWAY_WAIT", "30s"));

        using var process = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__slow.sql");
        var clock = Stopwatch.StartNew();
        await cluster.RestartImmediateAsync();
        var result = await process.WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"restart to exit: {clock.ElapsedMilliseconds} ms");
        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("database connection lost", result.All, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await cluster.ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
        await cluster.ScalarAsync("UPDATE sleep_control SET seconds = 0");

        var next = await runner.RunAsync("migrate", "--lock-wait", "30s");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(3L, await cluster.ScalarAsync("SELECT count(*) FROM slipway_history WHERE success"));
    }

    [Fact]
    public async Task A_connection_dropped_by_the_network_mid_migration_fails_the_run_with_connection_lost_and_the_next_run_completes()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("proxy");
        var server = new Uri(PostgresServer.AdminUrl);
        await using var proxy = new TcpProxy(server.Host, server.Port);
        var viaProxy = new UriBuilder(db.Url) { Port = proxy.Port }.Uri.ToString();
        using var dir = new TempDirectory();
        WriteSlowSet(dir);
        await db.ExecuteAsync(SleepControl);
        var runner = new SlipwayRunner(dir, viaProxy);

        using var process = runner.Start();
        await SlipwayRunner.WaitForOutputAsync(process, "Applying V2__slow.sql");
        var clock = Stopwatch.StartNew();
        proxy.DropAll();
        var result = await process.WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"drop to exit: {clock.ElapsedMilliseconds} ms ({proxy.Dropped} sockets reset)");
        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("database connection lost", result.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PostgresServer.Password, result.All, StringComparison.Ordinal);

        await db.ExecuteAsync("UPDATE sleep_control SET seconds = 0");

        // The server notices the dead client within client_connection_check_interval and rolls back.
        var next = await runner.RunAsync("migrate", "--lock-wait", "30s");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM half_done"));
    }

    private const string SleepControl = "CREATE TABLE sleep_control (seconds float8); INSERT INTO sleep_control VALUES (8)";

    private static void WriteSlowSet(TempDirectory dir)
    {
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        // Slow until the test turns the sleep off, so the next run is quick.
        dir.Write("migrations/V2__slow.sql", "CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1);\nSELECT pg_sleep((SELECT seconds FROM sleep_control));");
        dir.Write("migrations/V3__c.sql", "CREATE TABLE c (id int);");
    }
}
