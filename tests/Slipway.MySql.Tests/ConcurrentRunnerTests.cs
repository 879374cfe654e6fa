using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>Many real runners at once on a fresh database: the GET_LOCK lock lets one apply, the others wait and find nothing to do.</summary>
[Collection(ProcessGroup.Name)]
public sealed class ConcurrentRunnerTests
{
    [Fact]
    public async Task Sixteen_runners_at_once_on_a_fresh_database_all_exit_0_and_apply_each_migration_once()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("herd");
        using var dir = new TempDirectory();
        DdlMigrations.Write(dir);
        dir.Write("migrations/V8__data.sql", "INSERT INTO ledger (migration, step) VALUES (8, 1);\nUPDATE t2 SET c2 = 1;\n");
        var runner = new SlipwayRunner(dir, db.Url, ("SLIPWAY_LOCK_WAIT", "2min"));

        var results = await runner.RunAtOnceAsync(16, TimeSpan.FromMinutes(3));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(8, await db.ScalarAsync("SELECT count(*) FROM slipway_history WHERE success AND kind = 'versioned'"));
        Assert.Equal(8, await db.ScalarAsync("SELECT count(DISTINCT version) FROM slipway_history"));
        Assert.Equal(2 * (DdlMigrations.Count - 1) + 1, await db.ScalarAsync("SELECT count(*) FROM ledger"));
        Assert.Single(results, r => r.Stdout.Contains("Applied 8 migration(s)", StringComparison.Ordinal));
    }
}
