using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Slipway.AspNetCore.Configuration;
using Slipway.AspNetCore.Metrics;
using Slipway.AspNetCore.Status;
using Slipway.Diagnostics;

namespace Slipway.AspNetCore.Hosting;

/// <summary>
/// Migrate-on-startup for development: runs before the server starts listening, with the same
/// engine and lock as the CLI, so many replicas starting at once still apply each migration once.
/// A failure is logged and shown on the status page; the app keeps running, unready.
/// </summary>
internal sealed class StartupMigrationService(
    IOptions<SlipwayOptions> options,
    IHostEnvironment environment,
    SchemaStatusReader reader,
    SlipwayMetrics metrics,
    IServiceProvider services,
    ILogger<StartupMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.MigrateOnStartup ?? environment.IsDevelopment()))
        {
            Log.StartupMigrationOff(logger);
            return;
        }

        Log.StartupMigrationStarted(logger, reader.DatabaseName);
        try
        {
            foreach (var step in options.Value.BeforeStartupMigration)
            {
                await step(services, reader.Provider, [.. options.Value.Sources], reader.CreateOptions(forStartup: true), cancellationToken);
            }

            var report = await reader.CreateMigrator(forStartup: true).MigrateAsync(cancellationToken: cancellationToken);
            foreach (var result in report.Results)
            {
                metrics.Record(result);
            }

            Log.StartupMigrationDone(logger, report.AppliedCount, report.CurrentVersion?.Text ?? "(empty)", (long)report.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ProviderSelector.Explain(ex) is SlipwayException failure)
        {
            var script = (failure as MigrationFailedException)?.Script;
            reader.RecordFailure(script, failure.Message);
            metrics.RecordFailure(script);
            Log.StartupMigrationFailed(logger, failure.Message);
        }

        await reader.ReadAsync(freshDrift: true, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
