using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands;

/// <summary>
/// The operations options of <c>migrate</c>: <c>--lint</c> and <c>--backup-dir</c> once the run knows
/// what is pending, before the first change, and <c>--metrics-file</c> / <c>--pushgateway</c> after the
/// run, whatever its outcome.
/// </summary>
internal sealed class MigrateOperations
{
    private readonly Option<bool> _lint = new("--lint") { Description = "Lint pending migrations first; lint errors stop the run with nothing applied (exit 10) (env SLIPWAY_LINT)" };
    private readonly Option<string?> _lintConfig = new("--lint-config") { Description = "Project lint settings (env SLIPWAY_LINT_CONFIG). Default: ./slipway.lint.json when present" };
    private readonly Option<string?> _backupDir = new("--backup-dir") { Description = "Back up the database into this folder before applying anything; a failed backup stops the run (exit 12) (env SLIPWAY_BACKUP_DIR)" };
    private readonly Option<string?> _pgBin = new("--pg-bin") { Description = "Folder of the backup tools: pg_dump/pg_restore, or mariadb-dump/mysqldump (env SLIPWAY_PG_BIN). Default: PATH" };
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
                // Before the backup observer: a migration lint refuses is not worth a backup.
                var settings = LintRunner.Settings(result.GetValue(_lintConfig) ?? Env("SLIPWAY_LINT_CONFIG"), []);
                context.Observers.Add(new LintObserver(context.Sources, context.Placeholders, settings, context.Provider.Dialect, context.Output));
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
