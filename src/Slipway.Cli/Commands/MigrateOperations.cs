using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Lint;
using Slipway.Lint.Reporting;
using Slipway.Planning;

namespace Slipway.Cli.Commands;

/// <summary>
/// The operations options of <c>migrate</c>: <c>--lint</c> first, <c>--backup-dir</c> before the first
/// change, and <c>--metrics-file</c> / <c>--pushgateway</c> after the run, whatever its outcome.
/// </summary>
internal sealed class MigrateOperations
{
    private readonly Option<bool> _lint = new("--lint") { Description = "Lint pending migrations first; lint errors stop the run with nothing applied (exit 10) (env SLIPWAY_LINT)" };
    private readonly Option<string?> _lintConfig = new("--lint-config") { Description = "Project lint settings (env SLIPWAY_LINT_CONFIG). Default: ./slipway.lint.json when present" };
    private readonly Option<string?> _backupDir = new("--backup-dir") { Description = "Back up the database into this folder before applying anything; a failed backup stops the run (exit 12) (env SLIPWAY_BACKUP_DIR)" };
    private readonly Option<string?> _pgBin = new("--pg-bin") { Description = "Folder of pg_dump/pg_restore (env SLIPWAY_PG_BIN). Default: PATH" };
    private readonly Option<string?> _metricsFile = new("--metrics-file") { Description = "Write Prometheus metrics of the run to this file, atomically (env SLIPWAY_METRICS_FILE)" };
    private readonly Option<string?> _pushgateway = new("--pushgateway") { Description = "Push Prometheus metrics of the run to this Pushgateway URL (env SLIPWAY_PUSHGATEWAY)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _lint, _lintConfig, _backupDir, _pgBin, _metricsFile, _pushgateway })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Wraps the migrate body with lint, backup and metrics.</summary>
    public Func<RunContext, CancellationToken, Task<CommandOutcome>> Wrap(ParseResult result, Func<RunContext, CancellationToken, Task<CommandOutcome>> body) => async (context, cancellationToken) =>
    {
        var metrics = new MetricsPublisher(result.GetValue(_metricsFile) ?? Env("SLIPWAY_METRICS_FILE"), result.GetValue(_pushgateway) ?? Env("SLIPWAY_PUSHGATEWAY"), context.Output);
        var started = DateTimeOffset.UtcNow;
        try
        {
            if (result.GetValue(_lint) || CliSettings.ParseBool(Env("SLIPWAY_LINT"), "--lint", "SLIPWAY_LINT"))
            {
                await LintPendingAsync(context, result.GetValue(_lintConfig) ?? Env("SLIPWAY_LINT_CONFIG"), cancellationToken);
            }

            if ((result.GetValue(_backupDir) ?? Env("SLIPWAY_BACKUP_DIR")) is { } directory)
            {
                var backup = context.Factory.CreateBackup(Databases.For(context.Settings, toolsDirectory: result.GetValue(_pgBin) ?? Env("SLIPWAY_PG_BIN")));
                context.Backup = new BackupObserver(backup, directory, context.Output);
                context.Observers.Add(context.Backup);
            }

            var outcome = await body(context, cancellationToken);
            await PublishAsync(metrics, context, started, outcome.ExitCode, outcome.CurrentVersion, cancellationToken);
            return outcome;
        }
        catch (OperationCanceledException)
        {
            await PublishAsync(metrics, context, started, ExitCodes.Interrupted, null, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            await PublishAsync(metrics, context, started, LastResort.Describe(ex).ExitCode, null, CancellationToken.None);
            throw;
        }
    };

    private static async Task LintPendingAsync(RunContext context, string? configPath, CancellationToken cancellationToken)
    {
        // Only pending migrations are reported: applied ones cannot be changed any more.
        var plan = await context.Migrator.PlanAsync(new PlanRequest { OutOfOrder = context.Settings.OutOfOrder }, cancellationToken);
        var pending = plan.Pending.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        // The dialect of the database being migrated, whatever the SQL looks like.
        var catalog = await MigrationCatalog.LoadAsync(context.Sources, cancellationToken);
        var report = new Linter(LintRunner.Settings(configPath, [])).Lint([.. catalog.Versioned, .. catalog.Repeatable], context.Provider.Dialect, pending);
        foreach (var finding in report.Findings)
        {
            context.Output.Event(finding.Severity == LintSeverity.Error ? LogLevel.Error : LogLevel.Warning, "lint_finding",
                $"{finding.File}:{finding.Line}: {finding.Rule.Id} {finding.Rule.Name}: {finding.Message}. Instead: {finding.Rule.Instead}",
                [new("rule", finding.Rule.Id), new("file", finding.File), new("line", finding.Line), new("severity", finding.Severity == LintSeverity.Error ? "error" : "warning")]);
        }

        if (report.ErrorCount > 0)
        {
            throw new LintFailedException(report);
        }

        context.Output.Event(LogLevel.Information, "lint_passed", LintReportWriter.Total(report), [new("warnings", report.WarningCount)]);
    }

    private static async Task PublishAsync(MetricsPublisher metrics, RunContext context, DateTimeOffset started, int exitCode, string? version, CancellationToken cancellationToken)
    {
        if (!metrics.Enabled)
        {
            return;
        }

        var finished = DateTimeOffset.UtcNow;
        await metrics.PublishAsync(new RunMetrics(DatabaseIdentity.From(context.Provider.DisplayName).Database, exitCode == ExitCodes.Success, exitCode,
            finished - started, context.Audit.Applied, version, finished), cancellationToken);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
