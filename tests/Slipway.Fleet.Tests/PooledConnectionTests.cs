namespace Slipway.Fleet.Tests;

/// <summary>
/// The tenants of a fleet share a pool of connections per server: a connection goes from one tenant to
/// the next, and nothing of one tenant's session may reach the next one.
/// </summary>
public sealed class PooledConnectionTests
{
    // What the session looks like when a tenant's first migration starts, written into the tenant's own table.
    private const string Observe = """
        CREATE TABLE seen (tenant text NOT NULL, search_path text NOT NULL, temp_tables bigint NOT NULL, work_mem text NOT NULL, advisory_locks bigint NOT NULL, pid integer NOT NULL);
        INSERT INTO seen SELECT '${tenant}', current_setting('search_path'),
            (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()),
            current_setting('work_mem'),
            (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()),
            pg_backend_pid();

        """;

    // Leaves every kind of session state behind: another search_path, a temporary table, a setting, an advisory lock.
    private const string Dirty = """
        CREATE TEMP TABLE scratch (x int);
        SET work_mem = '7MB';
        SELECT pg_advisory_lock(4242);
        SET search_path TO public;

        """;

    [Fact]
    public async Task A_tenant_never_sees_or_writes_into_another_tenants_schema_on_a_reused_connection()
    {
        await using var fleet = await TenantDatabase.CreateAsync(8, [("V1__observe.sql", Observe), ("V2__dirty.sql", Dirty)], "pooled");
        var defaultWorkMem = await fleet.Database.ScalarAsync<string>("SELECT current_setting('work_mem')");
        var sessionsBefore = await SessionsAsync(fleet);

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--parallel", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        // The history read up front, and one pooled connection: not a session per tenant.
        var sessions = await SessionsAsync(fleet) - sessionsBefore;
        Assert.True(sessions <= 4, $"the fleet opened {sessions} sessions for {fleet.Tenants.Count} tenants");
        var pids = new HashSet<int>();
        foreach (var tenant in fleet.Tenants)
        {
            // Exactly one row, its own, in each tenant's table: nothing written into another tenant's.
            Assert.Equal(tenant, await fleet.Database.ScalarAsync<string>($"SELECT string_agg(tenant, ',') FROM {tenant}.seen"));
            Assert.Equal(tenant, await fleet.Database.ScalarAsync<string>($"SELECT search_path FROM {tenant}.seen"));
            Assert.Equal(0L, await fleet.Database.ScalarAsync<long>($"SELECT temp_tables FROM {tenant}.seen"));
            Assert.Equal(defaultWorkMem, await fleet.Database.ScalarAsync<string>($"SELECT work_mem FROM {tenant}.seen"));
            // Only the tenant's own migration lock: the previous tenant's locks were released.
            Assert.Equal(1L, await fleet.Database.ScalarAsync<long>($"SELECT advisory_locks FROM {tenant}.seen"));
            pids.Add(await fleet.Database.ScalarAsync<int>($"SELECT pid FROM {tenant}.seen"));
        }

        // One connection served every tenant (so the checks above ran on a reused connection) ...
        Assert.Single(pids);
        // ... and nothing landed in the shared schema.
        Assert.Equal(0L, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"));
    }

    [Fact]
    public async Task A_reset_all_in_a_tenant_migration_leaves_no_schema_to_write_into_and_fails_that_migration_alone()
    {
        await using var fleet = await TenantDatabase.CreateAsync(2, [
            ("V1__items.sql", "CREATE TABLE items (id int);\n"),
            ("V2__reset.sql", "RESET ALL;\nCREATE TABLE after_reset (id int);\n"),
        ], "resetall");

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--parallel", "1", "--on-error", "continue");

        Assert.True(run.ExitCode == 20, run.ToString());
        Assert.Contains("no schema has been selected to create in", run.Stdout, StringComparison.Ordinal);
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(1, counts[t]));
        Assert.Equal(0L, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'after_reset'"));
    }

    [Fact]
    public async Task A_tenant_whose_first_migration_fails_is_left_without_a_history_table_or_schema()
    {
        await using var fleet = await TenantDatabase.CreateAsync(2, [("V1__broken.sql", "CREATE TABLE items (id int);\nSELECT 1 / 0;\n")], "firstfail");

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--on-error", "continue");

        Assert.True(run.ExitCode == 20, run.ToString());
        Assert.Contains("division by zero", run.Stdout, StringComparison.Ordinal);
        // The history table (and the schema it would have created) went with the failed migration's transaction.
        Assert.Equal(0L, await fleet.Database.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"));
    }

    [Fact]
    public async Task In_lease_lock_mode_each_tenant_opens_its_own_connection_and_the_fleet_still_migrates_every_one()
    {
        await using var fleet = await TenantDatabase.CreateAsync(4, Migrations.Series(2), "leasefleet");
        var sessionsBefore = await SessionsAsync(fleet);

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--lock-mode", "lease", "--parallel", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        var counts = await fleet.HistoryCountsAsync();
        Assert.All(fleet.Tenants, t => Assert.Equal(2, counts[t]));
        Assert.True(await SessionsAsync(fleet) - sessionsBefore >= fleet.Tenants.Count, "lease mode borrowed pooled connections");
    }

    [Fact]
    public async Task Max_connections_caps_the_pooled_connections_to_a_server_across_its_databases()
    {
        // Slow migrations, so that targets overlap; schema tenants of one database and two databases of their own.
        await using var fleet = await TenantDatabase.CreateAsync(6, [("V1__slow.sql", "CREATE TABLE items (id int);\nSELECT pg_sleep(0.2);\n")], "capped");
        await using var other1 = await Slipway.Testing.PostgresServer.CreateDatabaseAsync("capped");
        await using var other2 = await Slipway.Testing.PostgresServer.CreateDatabaseAsync("capped");
        var names = new[] { fleet.Database.Name, other1.Name, other2.Name };
        fleet.Directory.Write("mixed.txt", string.Join('\n', fleet.Tenants.Take(3).Select(t => "schema:" + t).Append(other1.Url).Concat(fleet.Tenants.Skip(3).Select(t => "schema:" + t)).Append(other2.Url)) + "\n");
        var most = 0;
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            var list = string.Join(", ", names.Select(n => $"'{n}'"));
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, await fleet.Database.ScalarAsync<int>($"SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'slipway' AND datname IN ({list})"));
                await Task.Delay(20);
            }
        });

        var run = await fleet.RunAsync("fleet", "migrate", "--targets", "mixed.txt", "--parallel", "4", "--max-connections", "2");
        await stop.CancelAsync();
        await watch;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("8 succeeded, 0 failed", run.Stdout, StringComparison.Ordinal);
        Assert.InRange(most, 1, 2);
        Assert.Equal(1, await other1.ScalarAsync<int>("SELECT count(*)::int FROM public.slipway_history WHERE success"));
        Assert.Equal(1, await other2.ScalarAsync<int>("SELECT count(*)::int FROM public.slipway_history WHERE success"));
    }

    private static Task<long> SessionsAsync(TenantDatabase fleet) =>
        fleet.Database.ScalarAsync<long>("SELECT sessions FROM pg_stat_database WHERE datname = current_database()");
}
