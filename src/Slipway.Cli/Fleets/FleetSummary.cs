using System.Globalization;
using System.Text.Json;
using Slipway.Cli.Output;
using Slipway.Fleets;

namespace Slipway.Cli.Fleets;

/// <summary>
/// The end of a fleet run: how many targets are at which version, which lag behind the newest
/// migration, and each failed target with its error. Text for people, one JSON document for machines.
/// </summary>
internal static class FleetSummary
{
    public static void Write(CliOutput output, bool json, string command, FleetReport report, FleetShard? shard, string? latest, FleetErrors errors)
    {
        var versions = report.Versions.Select(v => new FleetVersionRow(v.Key, v.Value)).ToList();
        var lagging = report.Results
            .Where(r => r.Outcome is { } o && (o.Pending.Count > 0 || (latest is not null && o.Version != latest)))
            .Select(r => new FleetLagRow(r.Target.DisplayName, r.Target.Tenant, r.Outcome!.Version, r.Outcome.Pending.Count))
            .ToList();
        var failures = report.Results.Where(r => r.Status == FleetTargetStatus.Failed).Select(r =>
        {
            var (code, message) = errors.Describe(r.Error!);
            return new FleetFailureRow(r.Target.DisplayName, r.Target.Tenant, code, message);
        }).ToList();
        var drifted = report.Results
            .Where(r => r.Outcome?.Drift is { HasDrift: true })
            .Select(r => new FleetDriftRow(r.Target.DisplayName, r.Target.Tenant, r.Outcome!.Version, r.Outcome.Drift!.Differences.Count,
                [.. r.Outcome.Drift.Differences.Select(d => new DriftRow(DriftRows.Change(d), d.Name, d.Expected, d.Actual))]))
            .ToList();
        if (json)
        {
            output.Document(JsonSerializer.Serialize(
                new FleetSummaryDocument("fleet_summary", command, report.Listed, report.Results.Count, shard?.ToString(), report.Succeeded, report.Failed, report.NotStarted,
                    latest, versions, lagging, failures, drifted, (long)report.Elapsed.TotalMilliseconds),
                FleetJsonContext.Default.FleetSummaryDocument));
            return;
        }

        var scope = shard is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (shard {shard} of {report.Listed} listed)");
        output.Line(string.Create(CultureInfo.InvariantCulture,
            $"Fleet {command}: {report.Results.Count} target(s){scope}: {report.Succeeded} succeeded, {report.Failed} failed, {report.NotStarted} not started in {report.Elapsed.TotalSeconds:0.0} s"),
            report.AllSucceeded ? ConsoleColor.Green : ConsoleColor.Red);
        foreach (var row in versions)
        {
            output.Line(string.Create(CultureInfo.InvariantCulture, $"  version {row.Version ?? "(none)",-12} {row.Targets} target(s){(row.Version == latest ? " (latest)" : string.Empty)}"));
        }

        if (lagging.Count > 0)
        {
            output.Line(string.Create(CultureInfo.InvariantCulture, $"Behind the latest version {latest ?? "(none)"}: {lagging.Count} target(s)"), ConsoleColor.Cyan);
            foreach (var row in lagging)
            {
                output.Line(string.Create(CultureInfo.InvariantCulture, $"  {row.Target} at version {row.Version ?? "(none)"}, {row.Pending} pending"), ConsoleColor.Cyan);
            }
        }

        if (command == "drift")
        {
            var checkedCount = report.Results.Count(r => r.Outcome?.Drift is not null);
            output.Line(string.Create(CultureInfo.InvariantCulture, $"Drift: {drifted.Count} of {checkedCount} checked target(s) differ from the schema their applied migrations build"),
                drifted.Count == 0 ? ConsoleColor.Green : ConsoleColor.Red);
            foreach (var row in drifted)
            {
                output.Line(string.Create(CultureInfo.InvariantCulture, $"  DRIFTED {row.Target} at version {row.Version ?? "(none)"}: {row.Differences} difference(s)"), ConsoleColor.Red);
                foreach (var difference in row.Objects)
                {
                    output.Line($"    {DriftRows.Symbol(difference.Change)} {difference.Object}");
                }
            }
        }

        foreach (var row in failures)
        {
            output.Line($"  FAILED {row.Target}: {row.Error}", ConsoleColor.Red);
        }

        if (report.NotStarted > 0)
        {
            output.Line(string.Create(CultureInfo.InvariantCulture, $"{report.NotStarted} target(s) were not started after a failure; run the command again to go on (targets already done are skipped)."), ConsoleColor.Yellow);
        }
    }
}
