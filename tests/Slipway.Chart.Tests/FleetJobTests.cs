using System.Globalization;
using Json.Schema;
using k8s.Models;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// <c>migration.fleet</c>: an Indexed Job whose pods each run <c>slipway fleet migrate</c> on their shard,
/// with the same hook annotations and Secret as the single migration Job; rendered, validated, and played
/// out with the real slipway binary against real PostgreSQL.
/// </summary>
public sealed class FleetJobTests
{
    private static readonly string Prod = ChartRenderer.ValuesFile("values-prod.yaml");
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ChartRenderer.ChartDirectory, "values.schema.json")));

    private static async Task<RenderedChart> RenderAsync(string values, params string[] more)
    {
        using var dir = new TempDirectory();
        return await ChartRenderer.RenderAsync(["-f", Prod, "--api-versions", "monitoring.coreos.com/v1", "-f", dir.Write("fleet.yaml", values), .. more]);
    }

    private const string ListValues = """
        migration:
          fleet:
            enabled: true
            targets:
              list: [schema:acme, schema:globex, schema:initech]
            shards: 6
            parallelism: 3
            parallelPerPod: 8
            backoffLimitPerIndex: 3
            maxFailedIndexes: 1
        """;

    [Fact]
    public async Task The_fleet_is_off_by_default()
    {
        var chart = await ChartRenderer.RenderAsync("-f", Prod, "--api-versions", "monitoring.coreos.com/v1");

        Assert.DoesNotContain(chart.Jobs, j => j.Spec.CompletionMode == "Indexed");
        Assert.DoesNotContain(chart.All<V1ConfigMap>(), c => c.Metadata.Name.EndsWith("-fleet-targets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fleet_renders_an_indexed_hook_job_with_one_index_per_shard_and_the_single_jobs_hook_and_secret()
    {
        var chart = await RenderAsync(ListValues);

        var single = chart.Jobs.Single(j => j.Spec.CompletionMode is null);
        var fleet = chart.Jobs.Single(j => j.Spec.CompletionMode == "Indexed");
        Assert.Equal(6, fleet.Spec.Completions);
        Assert.Equal(3, fleet.Spec.Parallelism);
        Assert.Equal(3, fleet.Spec.BackoffLimitPerIndex);
        Assert.Equal(1, fleet.Spec.MaxFailedIndexes);
        Assert.Equal(single.Spec.ActiveDeadlineSeconds, fleet.Spec.ActiveDeadlineSeconds);
        Assert.Equal("Never", fleet.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(single.Metadata.Annotations.Where(a => a.Key != "helm.sh/hook-weight"), fleet.Metadata.Annotations.Where(a => a.Key != "helm.sh/hook-weight"));
        Assert.True(RenderedChart.HookWeightOf(fleet) > RenderedChart.HookWeightOf(single), "tenants migrate after the shared schema");
        var container = Assert.Single(fleet.Spec.Template.Spec.Containers);
        var reference = single.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef;
        Assert.Equal((reference.Name, reference.Key), (container.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name, container.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Key));
        Assert.Equal(["slipway"], container.Command);
        Assert.Equal(["fleet", "migrate", "--migrations", "/migrations/tenants"], container.Args);
        Assert.Equal("6", Env(container, "SLIPWAY_SHARD_COUNT"));
        Assert.Equal("8", Env(container, "SLIPWAY_PARALLEL"));
        Assert.Equal("stop", Env(container, "SLIPWAY_ON_ERROR"));
        Assert.Equal("/etc/slipway/fleet/targets.txt", Env(container, "SLIPWAY_TARGETS"));
        var targets = chart.All<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-fleet-targets", StringComparison.Ordinal));
        Assert.Equal("schema:acme\nschema:globex\nschema:initech\n", targets.Data["targets.txt"]);
        Assert.True(RenderedChart.HookWeightOf(targets) < RenderedChart.HookWeightOf(fleet), "the targets exist before the Job");
        Assert.Equal(targets.Metadata.Name, fleet.Spec.Template.Spec.Volumes.Single(v => v.Name == "fleet-targets").ConfigMap.Name);
        Assert.Contains(container.VolumeMounts, m => m.Name == "fleet-targets" && m.MountPath == "/etc/slipway/fleet" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public async Task Targets_from_a_query_or_an_existing_config_map_render_no_config_map_of_their_own()
    {
        var query = await RenderAsync("migration:\n  fleet:\n    enabled: true\n    targets:\n      query: SELECT schema_name FROM tenants\n");
        var existing = await RenderAsync("migration:\n  fleet:\n    enabled: true\n    targets:\n      configMap: tenant-list\n");

        var fromQuery = query.Jobs.Single(j => j.Spec.CompletionMode == "Indexed").Spec.Template.Spec;
        Assert.Equal("SELECT schema_name FROM tenants", Env(fromQuery.Containers[0], "SLIPWAY_TARGETS_QUERY"));
        Assert.DoesNotContain(fromQuery.Volumes, v => v.Name == "fleet-targets");
        Assert.Empty(query.All<V1ConfigMap>());
        var fromConfigMap = existing.Jobs.Single(j => j.Spec.CompletionMode == "Indexed").Spec.Template.Spec;
        Assert.Equal("tenant-list", fromConfigMap.Volumes.Single(v => v.Name == "fleet-targets").ConfigMap.Name);
        Assert.Empty(existing.All<V1ConfigMap>());
    }

    [Theory]
    [InlineData("targets: {}", "exactly one of query")]
    [InlineData("targets: {query: SELECT 1, configMap: x}", "exactly one of query")]
    [InlineData("targets: {configMap: x}\n    shards: 2\n    maxFailedIndexes: 3", "cannot exceed migration.fleet.shards")]
    public async Task A_fleet_without_exactly_one_target_source_or_with_impossible_limits_fails_to_render(string fleet, string message)
    {
        using var dir = new TempDirectory();
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "-f", Prod, "-f", dir.Write("fleet.yaml", "migration:\n  fleet:\n    enabled: true\n    " + fleet + "\n")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("onError: later")]
    [InlineData("shard: 4")]
    [InlineData("shards: 0")]
    public async Task The_values_schema_rejects_a_misspelt_or_impossible_fleet_value(string value)
    {
        using var dir = new TempDirectory();
        var values = await ChartRenderer.MergedValuesAsync("-f", Prod, "-f", dir.Write("fleet.yaml", "migration:\n  fleet:\n    enabled: true\n    targets: {configMap: x}\n    " + value + "\n"));

        var results = Schema.Evaluate(values, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(results.IsValid);
        Assert.Contains(results.Details ?? [], d => d.Errors is not null && d.InstanceLocation.ToString().Contains("/migration/fleet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_index_of_the_rendered_job_migrates_its_shard_and_together_they_cover_every_tenant_exactly_once()
    {
        var chart = await RenderAsync("migration:\n  fleet:\n    enabled: true\n    targets:\n      list: [" + string.Join(", ", Enumerable.Range(1, 12).Select(i => $"schema:tenant_{i:00}")) + "]\n    shards: 3\n");
        var job = chart.Jobs.Single(j => j.Spec.CompletionMode == "Indexed");
        var container = job.Spec.Template.Spec.Containers[0];
        var targets = chart.All<V1ConfigMap>().Single().Data["targets.txt"];
        await using var db = await PostgresServer.CreateDatabaseAsync("k8sfleet");
        using var dir = new TempDirectory();
        dir.Write("migrations/tenants/V1__items.sql", "CREATE TABLE items (id integer PRIMARY KEY);\n");
        dir.Write("migrations/tenants/V2__names.sql", "ALTER TABLE items ADD COLUMN name text;\n");
        var targetsFile = dir.Write("etc/targets.txt", targets);
        var image = new ImageFilesystem(dir["migrations"]);
        var pod = new SimulatedPod(image, new Dictionary<(string, string), string> { [("db-migration-credentials", "database-url")] = db.Url });

        // Kubernetes sets JOB_COMPLETION_INDEX in each pod of an Indexed Job; the ConfigMap is mounted where SLIPWAY_TARGETS points.
        var pods = Enumerable.Range(0, job.Spec.Completions!.Value).Select(index => pod.Start(
            container.Env.Where(e => e.Name != "SLIPWAY_TARGETS").Append(new V1EnvVar { Name = "SLIPWAY_TARGETS", Value = targetsFile }).Append(new V1EnvVar { Name = "JOB_COMPLETION_INDEX", Value = index.ToString(CultureInfo.InvariantCulture) }),
            [.. container.Args.Select(image.Map)],
            $"migrate-fleet-{index}")).ToList();
        var results = await Task.WhenAll(pods.Select(p => p.WaitAsync(TimeSpan.FromMinutes(2))));
        pods.ForEach(p => p.Dispose());

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.All(results.Select((r, i) => (r, i)), p => Assert.Contains($"\"shard\":\"{p.i}/3\"", p.r.Stdout, StringComparison.Ordinal));
        for (var i = 1; i <= 12; i++)
        {
            Assert.Equal(2, await db.ScalarAsync<long>($"SELECT count(*) FROM tenant_{i:00}.slipway_history WHERE success"));
        }

        Assert.Equal(12, results.Sum(r => r.Stdout.Split('\n').Count(l => l.Contains("\"event\":\"fleet_target\"", StringComparison.Ordinal))));
    }

    private static string? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name)?.Value;
}
