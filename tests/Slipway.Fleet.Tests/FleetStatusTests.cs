using System.Text.Json;

namespace Slipway.Fleet.Tests;

/// <summary><c>fleet status</c>, <c>validate</c>, <c>plan</c>, <c>rollback</c> and <c>--targets-query</c>.</summary>
public sealed class FleetStatusTests
{
    [Fact]
    public async Task Status_prints_a_version_histogram_and_lists_the_lagging_targets_in_text_and_json()
    {
        await using var fleet = await TenantDatabase.CreateAsync(10, Migrations.Series(4));
        Assert.Equal(0, (await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--target", "3")).ExitCode);
        fleet.Directory.Write("first.txt", "schema:tenant_0001\nschema:tenant_0002\n");
        Assert.Equal(0, (await fleet.RunAsync("fleet", "migrate", "--targets", "first.txt")).ExitCode);

        var text = await fleet.RunAsync("fleet", "status", "--targets", "targets.txt");
        var json = await fleet.RunAsync("fleet", "status", "--targets", "targets.txt", "--json");
        var plan = await fleet.RunAsync("fleet", "plan", "--targets", "targets.txt");
        var validate = await fleet.RunAsync("fleet", "validate", "--targets", "targets.txt");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"version 4 +2 target\(s\) \(latest\)", text.Stdout);
        Assert.Matches(@"version 3 +8 target\(s\)", text.Stdout);
        Assert.Contains("Behind the latest version 4: 8 target(s)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("schema:tenant_0010 at version 3, 1 pending", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("schema:tenant_0001 at version", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var document = JsonDocument.Parse(json.Stdout.Trim()).RootElement;
        Assert.Equal("4", document.GetProperty("latest_version").GetString());
        Assert.Equal(8, document.GetProperty("lagging").GetArrayLength());
        Assert.Equal(2, document.GetProperty("versions")[0].GetProperty("targets").GetInt32());
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("Behind the latest version 4: 8 target(s)", plan.Stdout, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Equal(2, (await fleet.HistoryCountsAsync()).Count(c => c.Value == 4));
    }

    [Fact]
    public async Task Validate_fails_the_targets_whose_history_disagrees_with_the_files()
    {
        await using var fleet = await TenantDatabase.CreateAsync(3, Migrations.Series(2));
        Assert.Equal(0, (await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt")).ExitCode);
        await fleet.Database.ExecuteAsync("UPDATE tenant_0002.slipway_history SET checksum = 'changed' WHERE version = '2'");

        var validate = await fleet.RunAsync("fleet", "validate", "--targets", "targets.txt");

        Assert.True(validate.ExitCode == 20, validate.ToString());
        Assert.Contains("FAILED schema:tenant_0002", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 succeeded, 1 failed", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_from_a_query_and_a_fleet_rollback_run_on_every_listed_tenant()
    {
        var steps = Migrations.Series(3).Append(("U3__step_3.sql", "DROP INDEX items_name;\n"));
        await using var fleet = await TenantDatabase.CreateAsync(5, steps);
        await fleet.Database.ExecuteAsync("CREATE TABLE public.tenants (name text, active boolean); INSERT INTO public.tenants SELECT 'tenant_000' || i, i <> 5 FROM generate_series(1, 5) i");
        const string Query = "SELECT name FROM public.tenants WHERE active ORDER BY name";

        var migrate = await fleet.RunAsync("fleet", "migrate", "--targets-query", Query);
        var rollback = await fleet.RunAsync("fleet", "rollback", "--targets-query", Query, "--to", "2");
        var writing = await fleet.RunAsync("fleet", "status", "--targets-query", "DELETE FROM public.tenants RETURNING name");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains("schema:tenant_0003: rolled back 1, now at version 2", rollback.Stdout, StringComparison.Ordinal);
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants.Take(4), t => Assert.Equal(2, counts[t]));
        Assert.Equal(0, counts["tenant_0005"]);
        Assert.True(writing.ExitCode == 64, writing.ToString());
        Assert.Contains("read-only", writing.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM public.tenants"));
    }
}
