using System.Text.Json;

namespace Slipway.Fleet.Tests;

/// <summary><c>fleet drift</c>: every tenant compared with the schema its own applied migrations build.</summary>
public sealed class FleetDriftTests
{
    [Fact]
    public async Task Fleet_drift_reports_only_the_drifted_tenant_and_its_extra_index_and_checks_every_target()
    {
        await using var fleet = await TenantDatabase.CreateAsync(3, Migrations.Series(2));
        Assert.Equal(0, (await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt")).ExitCode);

        var clean = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt");
        await fleet.Database.ExecuteAsync("CREATE INDEX items_oob ON tenant_0002.items (name)");
        var text = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt");
        var json = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt", "--json");
        var excluded = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt", "--exclude", "*.items_oob");
        var recorded = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt", "--record", "--include-grants");
        await fleet.Database.ExecuteAsync("UPDATE tenant_0003.slipway_history SET checksum = 'changed' WHERE version = '2'");
        var failed = await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("Drift: 0 of 3 checked target(s) differ", clean.Stdout, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 13, text.ToString());
        Assert.Contains("3 succeeded, 0 failed, 0 not started", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Drift: 1 of 3 checked target(s) differ", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("DRIFTED schema:tenant_0002 at version 2: 1 difference(s)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ index tenant_0002.items_oob", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DRIFTED schema:tenant_0001", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DRIFTED schema:tenant_0003", text.Stdout, StringComparison.Ordinal);

        Assert.True(json.ExitCode == 13, json.ToString());
        var document = JsonDocument.Parse(json.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(3, document.GetProperty("succeeded").GetInt32());
        var drifted = Assert.Single(document.GetProperty("drifted").EnumerateArray());
        Assert.Equal("tenant_0002", drifted.GetProperty("tenant").GetString());
        Assert.Equal(1, drifted.GetProperty("differences").GetInt32());
        var difference = Assert.Single(drifted.GetProperty("objects").EnumerateArray());
        Assert.Equal("extra", difference.GetProperty("change").GetString());
        Assert.Equal("index tenant_0002.items_oob", difference.GetProperty("object").GetString());

        Assert.True(excluded.ExitCode == 0, excluded.ToString());
        Assert.True(recorded.ExitCode == 13, recorded.ToString());
        Assert.Contains("Drift: 1 of 3 checked target(s) differ", recorded.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM tenant_0002.slipway_history_drift"));
        Assert.Equal(1, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM tenant_0001.slipway_history_drift"));

        // A target that cannot be checked is a failure, and a failure outranks drift: the partial-failure code.
        Assert.True(failed.ExitCode == 20, failed.ToString());
        Assert.Contains("2 succeeded, 1 failed", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAILED schema:tenant_0003", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("DRIFTED schema:tenant_0002", failed.Stdout, StringComparison.Ordinal);
    }
}
