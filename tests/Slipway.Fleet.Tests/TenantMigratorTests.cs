using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Slipway.AspNetCore.Tenants;
using Slipway.Diagnostics;
using Slipway.Testing;

namespace Slipway.Fleet.Tests;

/// <summary>ITenantMigrator: one tenant migrated from app code, safe against a fleet run at the same time.</summary>
public sealed class TenantMigratorTests
{
    private const int Steps = 4;

    [Fact]
    public async Task Tenants_migrated_from_app_code_during_a_fleet_run_get_each_migration_exactly_once()
    {
        var steps = Migrations.Series(Steps).Select(m => m.Name.StartsWith("V2__", StringComparison.Ordinal) ? (m.Name, m.Sql + "SELECT pg_sleep(0.05);\nCOMMENT ON TABLE items IS '${tenant}';\n") : m);
        await using var fleet = await TenantDatabase.CreateAsync(16, steps, "signup");
        await using var services = Services(fleet);
        var migrator = services.GetRequiredService<ITenantMigrator>();

        using var run = SlipwayProcess.Start(fleet.Directory.Path, fleet.Environment, "fleet", "migrate", "--targets", "targets.txt", "--parallel", "2");
        // From the other end of the list, so the app and the fleet meet on the same tenants.
        var reports = new List<int>();
        foreach (var tenant in fleet.Tenants.Reverse().Append("tenant_signup"))
        {
            reports.Add((await migrator.MigrateTenantAsync(tenant)).AppliedCount);
        }

        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(Steps, counts[t]));
        Assert.Equal(1, await fleet.MaxRowsPerVersionAsync());
        Assert.True(reports[^1] == Steps, "applied per call: " + string.Join(",", reports));
        Assert.Equal(Steps, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM tenant_signup.slipway_history WHERE success"));
        Assert.Equal("tenant_signup", await fleet.Database.ScalarAsync<string>("SELECT obj_description('tenant_signup.items'::regclass)"));
        // Every tenant's tables are in its own schema, nowhere else.
        Assert.Equal(fleet.Tenants.Count + 1, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'items' AND schemaname LIKE 'tenant\\_%'"));
        Assert.Equal(fleet.Tenants.Count + 1, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
    }

    [Fact]
    public async Task A_tenant_name_that_is_not_a_schema_name_is_refused_and_changes_nothing()
    {
        await using var fleet = await TenantDatabase.CreateAsync(1, Migrations.Series(Steps), "signupbad");
        await using var services = Services(fleet);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => services.GetRequiredService<ITenantMigrator>().MigrateTenantAsync("acme; DROP SCHEMA public"));

        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'acme%'"));
    }

    private static ServiceProvider Services(TenantDatabase fleet)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSlipway(o =>
        {
            o.DatabaseUrl = fleet.Database.Url;
            o.AddMigrationsFolder(Path.GetDirectoryName(fleet.Directory.Write("shared/V1__plans.sql", "CREATE TABLE public.plans (id integer PRIMARY KEY);\n"))!);
            o.AddTenantMigrationsFolder(fleet.Directory["migrations"]);
        });
        return services.BuildServiceProvider();
    }
}
