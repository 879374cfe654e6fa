using System.CommandLine;
using System.Globalization;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway migrate [--target V] [--phase pre-deploy|post-deploy]</c>.</summary>
internal static class MigrateCommand
{
    public static Command Create(CommonOptions common)
    {
        var target = new Option<string?>("--target") { Description = "Apply versioned migrations up to and including this version" };
        var phase = new Option<string?>("--phase") { Description = "Apply only pre-deploy or only post-deploy migrations (expand/contract)" };
        var command = new Command("migrate", "Apply every pending migration, each in its own transaction with its history row") { target, phase };
        var operations = new MigrateOperations();
        operations.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "migrate", operations.Wrap(result, async (context, ct) =>
        {
            var request = ReadRequest(result, target, phase, context.Settings.OutOfOrder);
            var report = await context.Migrator.MigrateAsync(request, ct);
            var version = report.CurrentVersion?.Text;
            context.Output.Line(report.AppliedCount == 0
                ? $"Up to date at version {version ?? "(none)"} ({context.Provider.DisplayName})"
                : string.Create(CultureInfo.InvariantCulture, $"Applied {report.AppliedCount} migration(s); now at version {version ?? "(none)"} in {report.Elapsed.TotalMilliseconds:0} ms"), ConsoleColor.Green);
            return new CommandOutcome(report.AppliedCount, version);
        }), cancellationToken));
        return command;
    }

    internal static PlanRequest ReadRequest(ParseResult result, Option<string?> target, Option<string?> phase, bool outOfOrder)
    {
        var targetText = result.GetValue(target);
        var phaseText = result.GetValue(phase);
        return new PlanRequest
        {
            Target = targetText is null ? null : MigrationVersion.TryParse(targetText)
                ?? throw new ConfigurationException($"--target '{targetText}' is not a version; expected e.g. 3 or 1.2 or 20240131120000"),
            Phase = phaseText is null ? null : KindNames.TryParsePhase(phaseText)
                ?? throw new ConfigurationException($"--phase '{phaseText}' is not a phase; use pre-deploy or post-deploy"),
            OutOfOrder = outOfOrder,
        };
    }
}
