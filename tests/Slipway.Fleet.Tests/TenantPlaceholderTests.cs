namespace Slipway.Fleet.Tests;

/// <summary><c>${tenant}</c> in a migration is each target's tenant name.</summary>
public sealed class TenantPlaceholderTests
{
    [Fact]
    public async Task Each_tenant_gets_its_own_name_for_the_tenant_placeholder_and_a_run_wide_value_does_not_override_it()
    {
        await using var fleet = await TenantDatabase.CreateAsync(3, [
            ("V1__settings.sql", "CREATE TABLE settings (tenant text NOT NULL, region text NOT NULL);\nINSERT INTO settings VALUES ('${tenant}', '${region}');\n"),
            ("V2__comment.sql", "COMMENT ON TABLE settings IS 'settings of ${tenant}';\n"),
        ]);

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--placeholder", "region=eu-west", "--placeholder", "tenant=everyone");
        var again = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--placeholder", "region=us-east");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var tenant in fleet.Tenants)
        {
            Assert.Equal($"{tenant}/eu-west", await fleet.Database.ScalarAsync<string>($"SELECT tenant || '/' || region FROM {tenant}.settings"));
            Assert.Equal($"settings of {tenant}", await fleet.Database.ScalarAsync<string>($"SELECT obj_description('{tenant}.settings'::regclass)"));
        }

        // Checksums are over the text as written: another value is not an edit of an applied migration.
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("3 succeeded, 0 failed", again.Stdout, StringComparison.Ordinal);
    }
}
