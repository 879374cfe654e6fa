using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>The newest <c>slipway drift --record</c> result on the status endpoint and in the metrics.</summary>
[Collection(MetricsGroup.Name)]
public sealed class DriftStatusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Url => "sqlite:" + _dir["notes.db"];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_last_recorded_drift_check_is_in_the_status_json_and_the_metrics()
    {
        await SampleApp.MigrateAsync(Url, SampleApp.MigrationsOf("sqlite"));
        await using var app = new SampleApp(Url);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Status-Key", SampleApp.StatusKey);

        await client.GetAsync("/healthz/ready");
        var metricsBefore = await client.GetStringAsync("/metrics");
        var statusBefore = await StatusAsync(client);
        await RecordDriftAsync(_dir, Url, "CREATE INDEX notes_by_hand ON notes (title)");
        var status = await StatusAsync(client);
        var metrics = await MetricsWithAsync(client, "slipway_drift_objects");

        Assert.DoesNotContain("slipway_drift_objects", metricsBefore, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, statusBefore.GetProperty("drift").ValueKind);
        var drift = status.GetProperty("drift");
        Assert.Equal(1, drift.GetProperty("objects").GetInt32());
        Assert.Equal("4", drift.GetProperty("version").GetString());
        var difference = Assert.Single(drift.GetProperty("differences").EnumerateArray());
        Assert.Equal("extra", difference.GetProperty("change").GetString());
        Assert.Equal("index notes_by_hand", difference.GetProperty("object").GetString());
        Assert.True(status.GetProperty("ready").GetBoolean(), "drift never makes the app unready");
        Assert.Contains("slipway_drift_objects{otel_scope_name=\"Slipway\"} 1", metrics, StringComparison.Ordinal);
        Assert.Matches(@"slipway_drift_last_check_time_seconds\{otel_scope_name=""Slipway""\} \d{10}", metrics);
    }

    [Fact]
    public async Task Readiness_reuses_the_last_drift_check_for_a_minute_and_the_status_page_reads_it_fresh()
    {
        await SampleApp.MigrateAsync(Url, SampleApp.MigrationsOf("sqlite"));
        var time = new SteppedTime(DateTimeOffset.UtcNow);
        var options = new Slipway.AspNetCore.SlipwayOptions { DatabaseUrl = Url }.AddMigrationsFolder(SampleApp.MigrationsOf("sqlite"));
        var reader = new Slipway.AspNetCore.Status.SchemaStatusReader(Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, time);
        var log = Assert.IsAssignableFrom<Slipway.IDriftLog>(reader.Provider);

        await log.RecordAsync(new Slipway.Execution.DriftCheck { CheckedAt = time.GetUtcNow(), Objects = 1 });
        var first = await reader.ReadAsync();
        await log.RecordAsync(new Slipway.Execution.DriftCheck { CheckedAt = time.GetUtcNow(), Objects = 2 });
        var probe = await reader.ReadAsync();
        var page = await reader.ReadAsync(freshDrift: true);
        await log.RecordAsync(new Slipway.Execution.DriftCheck { CheckedAt = time.GetUtcNow(), Objects = 3 });
        time.Advance(Slipway.AspNetCore.Status.SchemaStatusReader.DriftRefresh + TimeSpan.FromSeconds(1));
        var later = await reader.ReadAsync();

        Assert.Equal(1, first.Drift?.Objects);
        Assert.Equal(1, probe.Drift?.Objects);
        Assert.Equal(2, page.Drift?.Objects);
        Assert.Equal(3, later.Drift?.Objects);
    }

    // The Prometheus exporter answers from its last scrape for a short while (300 ms by default), so the
    // scrape right after the check can be the one from before it: refresh the status through the
    // readiness check and read until the metric shows, at most 10 s.
    private static async Task<string> MetricsWithAsync(HttpClient client, string metric)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await client.GetAsync("/healthz/ready");
            var metrics = await client.GetStringAsync("/metrics");
            if (metrics.Contains(metric, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return metrics;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Changes the database by hand, then records a drift check with the real CLI (exit 13: drift found).</summary>
    internal static async Task RecordDriftAsync(TempDirectory dir, string databaseUrl, string handMadeChange)
    {
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + databaseUrl["sqlite:".Length..] + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = handMadeChange;
            await command.ExecuteNonQueryAsync();
        }

        var drift = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl },
            ["drift", "--record", "--migrations", SampleApp.MigrationsOf("sqlite")]);
        Assert.True(drift.ExitCode == 13, drift.ToString());
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/slipway");
        request.Headers.Accept.ParseAdd("application/json");
        return await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
    }

    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
