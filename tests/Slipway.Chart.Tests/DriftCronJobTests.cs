using k8s.Models;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>The optional drift CronJob (<c>drift.enabled</c>) and its alert.</summary>
public sealed class DriftCronJobTests : IDisposable
{
    private static readonly string Prod = ChartRenderer.ValuesFile("values-prod.yaml");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Values(string yaml) => _dir.Write("drift-values.yaml", yaml);

    [Fact]
    public async Task The_cron_job_runs_drift_record_with_the_migration_jobs_image_secret_settings_and_security_context()
    {
        var values = Values("drift:\n  enabled: true\n  schedule: \"*/30 * * * *\"\n  timeZone: Etc/UTC\n  exclude: [\"public.partman_*\", \"index public.*_tmp\"]\n");

        var chart = await ChartRenderer.RenderAsync("-f", Prod, "-f", values);

        var cron = Assert.Single(chart.All<V1CronJob>());
        var migrate = chart.Jobs.Single(j => j.Metadata.Name.EndsWith("-migrate", StringComparison.Ordinal));
        Assert.EndsWith("-drift", cron.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("*/30 * * * *", "Etc/UTC", "Forbid"), (cron.Spec.Schedule, cron.Spec.TimeZone, cron.Spec.ConcurrencyPolicy));
        Assert.Equal(0, cron.Spec.JobTemplate.Spec.BackoffLimit);
        var pod = cron.Spec.JobTemplate.Spec.Template.Spec;
        var migratePod = migrate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var migrateContainer = Assert.Single(migratePod.Containers);
        Assert.Equal(["slipway"], container.Command);
        Assert.Equal(["drift", "--record", "--exclude", "public.partman_*", "--exclude", "index public.*_tmp"], container.Args);
        Assert.Equal(migrateContainer.Image, container.Image);
        Assert.Equal(Serialized(migrateContainer.Env), Serialized(container.Env));
        Assert.Equal(Serialized(migrateContainer.SecurityContext), Serialized(container.SecurityContext));
        Assert.Equal(Serialized(migrateContainer.VolumeMounts), Serialized(container.VolumeMounts));
        Assert.Equal(Serialized(migratePod.SecurityContext), Serialized(pod.SecurityContext));
        Assert.Equal(Serialized(migratePod.Volumes), Serialized(pod.Volumes));
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);

        // Network policies admit migration pods to the database; the Service never selects them.
        Assert.Equal("migration", cron.Spec.JobTemplate.Spec.Template.Metadata.Labels["app.kubernetes.io/component"]);
        var service = Assert.Single(chart.All<V1Service>());
        Assert.NotEqual(service.Spec.Selector["app.kubernetes.io/component"], cron.Spec.JobTemplate.Spec.Template.Metadata.Labels["app.kubernetes.io/component"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    public async Task There_is_no_cron_job_unless_it_is_enabled(string? file)
    {
        var chart = await ChartRenderer.RenderAsync(file is null ? [] : ["-f", ChartRenderer.ValuesFile(file)]);

        Assert.Empty(chart.All<V1CronJob>());
    }

    [Fact]
    public async Task The_prometheus_rule_alerts_on_recorded_drift_only_when_the_cron_job_records_it()
    {
        var flags = new[] { "-f", Prod, "--api-versions", "monitoring.coreos.com/v1" };
        var without = await ChartRenderer.RenderAsync(flags);
        var with = await ChartRenderer.RenderAsync([.. flags, "-f", Values("drift:\n  enabled: true\n")]);

        Assert.DoesNotContain(Rules(without), r => r.Alert == "DatabaseSchemaDrift");
        var alert = Assert.Single(Rules(with), r => r.Alert == "DatabaseSchemaDrift");
        Assert.Matches(@"^max by \(namespace\) \(slipway_drift_objects\{namespace=""[a-z-]+""\}\) > 0$", alert.Expr);
        Assert.Equal("warning", alert.Labels["severity"]);
    }

    [Fact]
    public async Task Drift_values_are_checked_by_the_schema()
    {
        var valid = await ChartRenderer.MergedValuesAsync("-f", Values("drift:\n  enabled: true\n  exclude: [\"public.partman_*\"]\n"));
        var typo = await ChartRenderer.MergedValuesAsync("-f", Values("drift:\n  enabled: true\n  schedul: \"@daily\"\n"));
        var wrongType = await ChartRenderer.MergedValuesAsync("-f", Values("drift:\n  exclude: public.partman_*\n"));

        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(ChartRenderer.ChartDirectory, "values.schema.json")));
        Assert.True(schema.Evaluate(valid).IsValid);
        Assert.False(schema.Evaluate(typo).IsValid);
        Assert.False(schema.Evaluate(wrongType).IsValid);
    }

    private static List<AlertRule> Rules(RenderedChart chart) =>
        chart.All<PrometheusRule>().SelectMany(r => r.Spec.Groups).SelectMany(g => g.Rules).ToList();

    private static string Serialized(object? value) => k8s.KubernetesJson.Serialize(value);
}
