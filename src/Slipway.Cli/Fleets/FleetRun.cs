using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Cli.Commands;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Fleets;

namespace Slipway.Cli.Fleets;

/// <summary>
/// What every <c>fleet</c> command does around its operation: read and check the targets (all before
/// any is touched), build one provider per target with the run's settings, run the operation under the
/// fleet's schedule with a reporter, print the summary and choose the exit code.
/// </summary>
internal static class FleetRun
{
    public static async Task<CommandOutcome> RunAsync(
        RunContext context, FleetSettings fleetSettings, string command, bool json, string verb,
        Func<Fleet, MigratorParts, FleetReporter, CancellationToken, Task<FleetReport>> operation, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var specs = await TargetList.ReadAsync(fleetSettings, settings.DatabaseUrlGiven ? settings.DatabaseUrl : null, (sql, ct) => QueryAsync(context, sql, ct), cancellationToken);
        // One pool per server for the whole run: the targets of a server reuse each other's connections.
        await using var shared = new SharedConnections(Math.Max(1, fleetSettings.Schedule.MaxConnectionsPerServer));
        var targets = specs.Select(spec => new FleetTarget(Create(spec, settings, shared), spec.DisplayName, spec.Tenant)).ToList();
        var fleet = new Fleet(targets, fleetSettings.Schedule, NullLoggerFactory.Instance);
        var errors = new FleetErrors(specs);
        var catalog = await MigrationCatalog.LoadAsync(context.Sources, cancellationToken);
        var reporter = new FleetReporter(context.Output, errors, verb, fleet.Targets.Count);
        // Per target, the run's options without its observers: those describe DATABASE_URL's database.
        var parts = new MigratorParts(context.Sources, context.Options with { Observers = [] });
        FleetReport report;
        try
        {
            report = await operation(fleet, parts, reporter, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM: each running target stopped as one database does (its transactional migration rolled
            // back). Say how far the run got before the usual interrupted message.
            reporter.Finish();
            var (done, failed) = reporter.Counts;
            context.Output.Event(LogLevel.Warning, "fleet_interrupted", string.Create(CultureInfo.InvariantCulture,
                $"Fleet {command} interrupted: {done} of {fleet.Targets.Count} target(s) ended ({done - failed} succeeded, {failed} failed); the others stopped cleanly, as one database does on SIGTERM, or were not started. A re-run does only what is missing."),
                [new("targets", fleet.Targets.Count), new("ended", done), new("failed", failed)]);
            throw;
        }

        reporter.Finish();
        FleetSummary.Write(context.Output, json || context.Output.Json, command, report, fleetSettings.Schedule.Shard, catalog.Latest?.Text, errors);
        return new CommandOutcome(
            report.Results.Sum(r => r.Outcome?.Changed ?? 0),
            report.Versions.Count == 1 ? report.Versions[0].Key : null,
            ExitCodeMap.For(report));
    }

    private static IMigrationProvider Create(TargetSpec spec, CliSettings settings, SharedConnections shared)
    {
        var factory = Databases.Registry.Find(spec.Url, spec.Origin);
        try
        {
            return factory.Create(Databases.For(settings with { DatabaseUrl = spec.Url, Schema = spec.HistorySchema ?? settings.Schema }) with { SnapshotSchema = spec.HistorySchema, SharedConnections = shared });
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException($"{spec.Origin}: {ex.Message.Replace("DATABASE_URL", "the target", StringComparison.Ordinal)}");
        }
    }

    private static Task<IReadOnlyList<string>> QueryAsync(RunContext context, string sql, CancellationToken cancellationToken) =>
        context.Settings.DatabaseUrlGiven && context.Provider is IFleetProvider provider
            ? provider.QueryColumnAsync(sql, cancellationToken)
            : throw new ConfigurationException("--targets-query runs on the database DATABASE_URL names, which must be PostgreSQL; set DATABASE_URL (or --database-url)");
}
