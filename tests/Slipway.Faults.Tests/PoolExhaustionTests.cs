using System.Diagnostics;
using Npgsql;
using Slipway.Testing;

namespace Slipway.Faults.Tests;

/// <summary>A pooler whose every server connection is taken: the runner fails fast and says which limit it hit.</summary>
[Collection(FaultsGroup.Name)]
[Trait("Category", "Timing")]
public sealed class PoolExhaustionTests
{
    [Fact]
    public async Task A_runner_behind_a_pgbouncer_pool_held_by_another_client_exits_5_naming_the_pool_limit_and_leaves_the_database_as_it_was()
    {
        await using var bouncer = await PgBouncer.StartAsync(poolSize: 1, queryWaitTimeoutSeconds: 2);
        await using var db = await PostgresServer.CreateDatabaseAsync("pool");
        using var dir = new TempDirectory();
        FaultMigrations.Write(dir, 3, 0);
        var runner = new SlipwayRunner(dir, bouncer.UrlFor(db.Name), ("SLIPWAY_LOCK_MODE", "lease"));

        // Another client takes the pool's only server connection and sits idle in transaction.
        var hogUrl = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = bouncer.Port }.ConnectionString;
        await using var hog = new NpgsqlConnection(hogUrl);
        await hog.OpenAsync();
        await using var transaction = await hog.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1", hog, transaction))
        {
            await command.ExecuteScalarAsync();
        }

        var clock = Stopwatch.StartNew();
        var starved = await runner.RunAsync();

        Assert.True(starved.ExitCode == 5, starved.ToString());
        Assert.Contains("query_wait_timeout", starved.Stderr, StringComparison.Ordinal);
        Assert.Contains("default_pool_size", starved.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, starved.All, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        // Once the other client lets go, the next run completes.
        await transaction.RollbackAsync();
        var next = await runner.RunAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        await FaultMigrations.AssertAppliedExactlyOnceAsync(db, 3);
    }
}
