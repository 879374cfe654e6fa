using Slipway.Discovery;
using Slipway.Fleets;
using Slipway.Postgres;

namespace Slipway.Fleet.Tests;

/// <summary>The <c>Fleet</c> API as docs/fleet.md shows it, from code, with and without a shared pool.</summary>
public sealed class FleetApiTests
{
    private const int Tenants = 12;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tenants_of_one_server_share_at_most_the_pools_connections_when_the_run_passes_one(bool shared)
    {
        // Every migration notes the backend that ran it in a table outside the tenants' schemas.
        const string Note = "INSERT INTO public.backends VALUES (pg_backend_pid());\n";
        await using var fleet = await TenantDatabase.CreateAsync(
            Tenants,
            [("V1__a.sql", "CREATE TABLE a (id int);\n" + Note), ("V2__b.sql", "CREATE TABLE b (id int);\n" + Note), ("V3__rows.sql", "INSERT INTO a VALUES (1);\n" + Note)],
            "fleetapi");
        await fleet.Database.ExecuteAsync("CREATE TABLE public.backends (pid int)");

        await using var connections = new SharedConnections(maxPerServer: 2);
        var targets = fleet.Tenants.Select(t => new FleetTarget(
            new PostgresProvider(PostgresConnectionUrl.Parse(fleet.Database.Url + "?search_path=" + t, historySchema: t) with { SharedConnections = shared ? connections : null }),
            "schema:" + t, t)).ToList();
        var report = await new Slipway.Fleets.Fleet(targets, new FleetOptions { Parallel = 4, MaxConnectionsPerServer = 2 })
            .MigrateAsync([new FolderMigrationSource(fleet.Directory["migrations"])]);

        Assert.True(report.AllSucceeded, string.Join("\n", report.Results.Select(r => r.Error?.Message)));
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(3, counts[t]));
        Assert.Equal(3 * Tenants, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM public.backends"));
        var backends = await fleet.Database.ScalarAsync<long>("SELECT count(DISTINCT pid) FROM public.backends");
        if (shared)
        {
            Assert.InRange(backends, 1, 2);
        }
        else
        {
            Assert.Equal(Tenants, backends);
        }
    }
}
