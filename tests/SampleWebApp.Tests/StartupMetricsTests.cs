using System.Net;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>Migrate-on-startup, succeeded and failed, and what the app's Prometheus endpoint says of it.</summary>
[Collection(MetricsGroup.Name)]
public sealed class StartupMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Url => "sqlite:" + _dir["notes.db"];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Migrate_on_startup_in_development_makes_the_app_ready_and_reports_metrics()
    {
        await using var app = new SampleApp(Url, environment: "Development");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("slipway_schema_version{otel_scope_name=\"Slipway\",version=\"4\"} 4", metrics, StringComparison.Ordinal);
        Assert.Contains("slipway_schema_ready{otel_scope_name=\"Slipway\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("slipway_migrations_pending{otel_scope_name=\"Slipway\",phase=\"pre-deploy\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("slipway_migration_duration_seconds_count{otel_scope_name=\"Slipway\",script=\"V1__create_notes.sql\",status=\"applied\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_startup_migration_keeps_the_app_alive_unready_and_shows_the_failure()
    {
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id INTEGER);");
        _dir.Write("m/V2__broken.sql", "CREATE TABLE one (id INTEGER);");
        await using var app = new SampleApp(Url, settings: new Dictionary<string, string>
        {
            ["Slipway:MigrationsPath"] = _dir["m"],
            ["Slipway:MigrateOnStartup"] = "true",
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Status-Key", SampleApp.StatusKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        var html = await client.GetStringAsync("/slipway");
        Assert.Contains("id=\"last-failure\"", html, StringComparison.Ordinal);
        Assert.Contains("V2__broken.sql", html, StringComparison.Ordinal);
        Assert.Contains("slipway_migration_failures_total{otel_scope_name=\"Slipway\",script=\"V2__broken.sql\"} 1", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
