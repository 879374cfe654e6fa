using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>migrate --lint</c> costs what <c>migrate</c> costs: one read of the folder, one connection.</summary>
public sealed class MigrateWithLintTests
{
    [Fact]
    public async Task Migrate_with_lint_reads_each_migration_once_and_connects_as_often_as_migrate()
    {
        Assert.True(File.Exists("/usr/bin/strace"), "this test counts system calls with strace (Debian: apt-get install strace)");
        var plain = await TraceAsync("migrate");
        var linted = await TraceAsync("migrate", "--lint");

        Assert.Equal(1, plain.Opens);
        Assert.Equal(1, linted.Opens);
        Assert.True(plain.Connects > 0, "the trace saw no connection at all");
        Assert.Equal(plain.Connects, linted.Connects);
    }

    private static async Task<(int Opens, int Connects)> TraceAsync(params string[] args)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("lintonce");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        dir.Write("migrations/V2__lines.sql", "CREATE TABLE lines (order_id bigint NOT NULL);");
        var trace = dir["trace.txt"];
        using var running = SlipwayProcess.StartUnder(["strace", "-f", "-qq", "-e", "trace=openat,connect", "-o", trace], dir.Path,
            new Dictionary<string, string?> { ["DATABASE_URL"] = db.Url }, args);
        var result = await running.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));

        var lines = await File.ReadAllLinesAsync(trace);
        var port = new Uri(db.Url).Port;
        return (lines.Count(l => l.Contains("V1__orders.sql", StringComparison.Ordinal) && l.Contains("openat(", StringComparison.Ordinal)),
            lines.Count(l => l.Contains("connect(", StringComparison.Ordinal) && Regex.IsMatch(l, $@"htons\({port}\)")));
    }
}
