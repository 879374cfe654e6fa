using System.Diagnostics.Metrics;
using Slipway.AspNetCore.Status;
using Slipway.Execution;

namespace Slipway.AspNetCore.Metrics;

/// <summary>
/// The meter <c>Slipway</c>, picked up by any OpenTelemetry or Prometheus exporter that listens to it.
/// Gauges report the latest status read (readiness probes refresh it); durations and failures are
/// recorded for migrations this process runs.
/// </summary>
internal sealed class SlipwayMetrics
{
    public const string MeterName = "Slipway";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;

    public SlipwayMetrics(IMeterFactory meterFactory, SchemaStatusReader reader)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("slipway.schema.version", () => Version(reader.Latest), description: "The schema's current version (whole-number versions as is; otherwise the count of applied versions)");
        meter.CreateObservableGauge("slipway.schema.ready", () => Ready(reader.Latest), description: "1 when the schema has every migration this app was built with, else 0");
        meter.CreateObservableGauge("slipway.migrations.pending", () => Pending(reader.Latest), unit: "{migration}", description: "Migrations on disk not applied yet, by phase");
        meter.CreateObservableGauge("slipway.drift.objects", () => DriftObjects(reader.Latest), unit: "{object}", description: "Objects that differ from the migrations in the newest recorded drift check (slipway drift --record)");
        meter.CreateObservableGauge("slipway.drift.last_check_time", () => DriftTime(reader.Latest), unit: "s", description: "Unix time of the newest recorded drift check");
        _duration = meter.CreateHistogram<double>("slipway.migration.duration", unit: "s", description: "How long each migration applied by this process took");
        _failures = meter.CreateCounter<long>("slipway.migration.failures", unit: "{failure}", description: "Migrations that failed in this process");
    }

    public void Record(MigrationResult result) =>
        _duration.Record(result.Duration.TotalSeconds, new KeyValuePair<string, object?>("script", result.Script), new KeyValuePair<string, object?>("status", result.Status == MigrationStatus.Applied ? "applied" : "skipped"));

    public void RecordFailure(string? script) =>
        _failures.Add(1, new KeyValuePair<string, object?>("script", script ?? "(none)"));

    private static IEnumerable<Measurement<double>> Version(SchemaStatus? status) =>
        status?.NumericVersion is { } value ? [new Measurement<double>(value, new KeyValuePair<string, object?>("version", status.CurrentVersion!.Text))] : [];

    private static IEnumerable<Measurement<int>> Ready(SchemaStatus? status) =>
        status is null ? [] : [new Measurement<int>(status.IsReady ? 1 : 0)];

    private static IEnumerable<Measurement<int>> DriftObjects(SchemaStatus? status) =>
        status?.Drift is { } drift ? [new Measurement<int>(drift.Objects)] : [];

    private static IEnumerable<Measurement<double>> DriftTime(SchemaStatus? status) =>
        status?.Drift is { } drift ? [new Measurement<double>(drift.CheckedAt.ToUnixTimeMilliseconds() / 1000.0)] : [];

    private static IEnumerable<Measurement<int>> Pending(SchemaStatus? status) =>
        status is null || status.Error is not null
            ? []
            :
            [
                new Measurement<int>(status.Missing.Count(e => e.State != Planning.MigrationState.Modified), new KeyValuePair<string, object?>("phase", "pre-deploy")),
                new Measurement<int>(status.PostDeployPending.Count, new KeyValuePair<string, object?>("phase", "post-deploy")),
            ];
}
