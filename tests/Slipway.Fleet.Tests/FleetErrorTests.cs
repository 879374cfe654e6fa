using System.Text.Json;

namespace Slipway.Fleet.Tests;

/// <summary>What a fleet run does about broken tenants: continue, stop, canaries, bad target lists and secrets.</summary>
public sealed class FleetErrorTests
{
    private const int Steps = 5;

    [Fact]
    public async Task On_error_continue_migrates_every_other_tenant_exits_partial_failure_and_names_the_three_broken()
    {
        await using var fleet = await TenantDatabase.CreateAsync(20, Migrations.Series(Steps));
        string[] broken = ["tenant_0004", "tenant_0011", "tenant_0017"];
        await BreakAsync(fleet, broken);

        var result = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--on-error", "continue", "--parallel", "4");

        Assert.True(result.ExitCode == 20, result.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants.Except(broken), t => Assert.Equal(Steps, counts[t]));
        Assert.All(broken, t => Assert.Equal(0, counts[t]));
        var failed = result.Stdout.Split('\n').Where(l => l.Contains("FAILED", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(broken, t => Assert.Contains(failed, l => l.Contains("schema:" + t, StringComparison.Ordinal) && l.Contains("already exists", StringComparison.Ordinal)));
        Assert.Contains("17 succeeded, 3 failed, 0 not started", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_error_stop_starts_no_new_tenant_after_the_first_failure()
    {
        await using var fleet = await TenantDatabase.CreateAsync(20, Migrations.Series(Steps));
        await BreakAsync(fleet, ["tenant_0005"]);

        var result = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--parallel", "1", "--log-format", "json");

        Assert.True(result.ExitCode == 20, result.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants.Take(4), t => Assert.Equal(Steps, counts[t]));
        Assert.All(fleet.Tenants.Skip(4), t => Assert.Equal(0, counts[t]));
        Assert.Equal(5, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"));
        var summary = Summary(result);
        Assert.Equal(1, summary.GetProperty("failed").GetInt32());
        Assert.Equal(15, summary.GetProperty("not_started").GetInt32());
        Assert.Equal("schema:tenant_0005", summary.GetProperty("failures")[0].GetProperty("target").GetString());
    }

    [Fact]
    public async Task On_error_stop_with_parallel_runners_lets_running_tenants_finish_and_starts_no_new_one()
    {
        await using var fleet = await TenantDatabase.CreateAsync(30, Migrations.Series(Steps));
        await BreakAsync(fleet, ["tenant_0003"]);

        var result = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--parallel", "3", "--log-format", "json");

        Assert.True(result.ExitCode == 20, result.ToString());
        var counts = await fleet.HistoryCountsAsync();
        var touched = counts.Where(c => c.Value > 0).Select(c => c.Key).ToList();
        // Every tenant started ran to the end (all steps or none), and most of the fleet was never started.
        Assert.All(counts.Values, c => Assert.True(c is 0 or Steps));
        Assert.True(touched.Count <= 10, "tenants started after the failure: " + string.Join(", ", touched));
        Assert.Equal(30 - 1 - touched.Count, Summary(result).GetProperty("not_started").GetInt32());
    }

    [Fact]
    public async Task A_failing_canary_touches_no_other_tenant_even_with_on_error_continue()
    {
        await using var fleet = await TenantDatabase.CreateAsync(20, Migrations.Series(Steps));
        await BreakAsync(fleet, ["tenant_0002"]);

        var result = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--canary", "3", "--on-error", "continue");

        Assert.True(result.ExitCode == 20, result.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.Equal(Steps, counts["tenant_0001"]);
        Assert.All(fleet.Tenants.Skip(1), t => Assert.Equal(0, counts[t]));
        Assert.Equal(2, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"));
        Assert.Contains("18 not started", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_migration_folder_stops_migrate_rollback_drift_and_status_once_before_any_target_is_touched()
    {
        await using var fleet = await TenantDatabase.CreateAsync(3, Migrations.Series(Steps));
        Assert.Equal(0, (await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt")).ExitCode);
        fleet.Directory.Write("migrations/V9__one.sql", "CREATE TABLE nine (id int);");
        fleet.Directory.Write("migrations/V9__two.sql", "CREATE TABLE nine_again (id int);");
        fleet.Directory.Write("migrations/U9__one.sql", "DROP TABLE nine;");

        var runs = new[]
        {
            await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt"),
            await fleet.RunAsync("fleet", "rollback", "--targets", "targets.txt", "--to", "1"),
            await fleet.RunAsync("fleet", "drift", "--targets", "targets.txt"),
            await fleet.RunAsync("fleet", "status", "--targets", "targets.txt"),
        };

        // The folder is read and checked once for the whole run: one refusal, not one failure per tenant.
        Assert.All(runs, r => Assert.True(r.ExitCode == 2, r.ToString()));
        Assert.All(runs, r => Assert.Single(r.All.Split('\n'), l => l.Contains("duplicate-version", StringComparison.Ordinal)));
        Assert.All(runs, r => Assert.DoesNotContain("tenant_0001", r.All, StringComparison.Ordinal));
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(Steps, counts[t]));
    }

    [Fact]
    public async Task A_bad_targets_file_is_a_configuration_error_naming_the_file_and_line_and_touches_nothing()
    {
        await using var fleet = await TenantDatabase.CreateAsync(3, Migrations.Series(Steps));
        fleet.Directory.Write("bad.txt", "# tenants\nschema:tenant_0001\nschema:tenant-two\nschema:tenant_0003\n");
        fleet.Directory.Write("scheme.txt", "schema:tenant_0001\n\noracle://u:Hidden-Pass-42@db/x\n");
        fleet.Directory.Write("twice.txt", "schema:tenant_0001\nschema:tenant_0001\n");

        var badName = await fleet.RunAsync("fleet", "migrate", "--targets", "bad.txt");
        var badScheme = await fleet.RunAsync("fleet", "migrate", "--targets", "scheme.txt");
        var twice = await fleet.RunAsync("fleet", "migrate", "--targets", "twice.txt");
        var missing = await fleet.RunAsync("fleet", "migrate", "--targets", "nowhere.txt");

        Assert.True(badName.ExitCode == 64, badName.ToString());
        Assert.Contains("bad.txt:3", badName.Stderr, StringComparison.Ordinal);
        Assert.Contains("'tenant-two' is not a schema name", badName.Stderr, StringComparison.Ordinal);
        Assert.True(badScheme.ExitCode == 64, badScheme.ToString());
        Assert.Contains("scheme.txt:3 has an unsupported scheme 'oracle'", badScheme.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden-Pass-42", badScheme.All, StringComparison.Ordinal);
        Assert.True(twice.ExitCode == 64, twice.ToString());
        Assert.Contains("twice.txt:2: schema:tenant_0001 is listed twice (first at twice.txt:1)", twice.Stderr, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 64, missing.ToString());
        Assert.Contains("nowhere.txt cannot be read", missing.Stderr, StringComparison.Ordinal);
        Assert.All(new[] { badName, badScheme, twice, missing }, r => Assert.DoesNotContain("   at ", r.All, StringComparison.Ordinal));
        Assert.Equal(0, await fleet.Database.ScalarAsync<int>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"));
    }

    [Fact]
    public async Task A_target_password_is_never_printed_in_text_or_json()
    {
        await using var fleet = await TenantDatabase.CreateAsync(2, Migrations.Series(Steps));
        fleet.Directory.Write("mixed.txt", "schema:tenant_0001\npostgresql://fleetuser:TopSecret-4711@127.0.0.1:1/tenant_db\nschema:tenant_0002\n");

        var text = await fleet.RunAsync("fleet", "migrate", "--targets", "mixed.txt", "--on-error", "continue");
        var json = await fleet.RunAsync("fleet", "migrate", "--targets", "mixed.txt", "--on-error", "continue", "--log-format", "json");

        Assert.True(text.ExitCode == 20, text.ToString());
        Assert.True(json.ExitCode == 20, json.ToString());
        Assert.Contains("FAILED postgresql://fleetuser@127.0.0.1:1/tenant_db: Cannot connect", text.Stdout, StringComparison.Ordinal);
        Assert.All(new[] { text, json }, r => Assert.DoesNotContain("TopSecret-4711", r.All, StringComparison.Ordinal));
        Assert.All(new[] { text, json }, r => Assert.DoesNotContain(Slipway.Testing.PostgresServer.Password, r.All, StringComparison.Ordinal));
        var counts = await fleet.HistoryCountsAsync();
        Assert.Equal(Steps, counts["tenant_0002"]);
    }

    internal static JsonElement Summary(Slipway.Testing.ProcessResult result) =>
        JsonDocument.Parse(result.Stdout.Split('\n').Single(l => l.Contains("\"event\":\"fleet_summary\"", StringComparison.Ordinal))).RootElement;

    // A table the first migration would create: its CREATE TABLE fails in that tenant only.
    private static async Task BreakAsync(TenantDatabase fleet, IEnumerable<string> tenants)
    {
        foreach (var tenant in tenants)
        {
            await fleet.Database.ExecuteAsync($"CREATE SCHEMA {tenant}; CREATE TABLE {tenant}.items (x int)");
        }
    }
}
