using System.CommandLine;
using System.Globalization;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway rollback --to V | --to-known [--dry-run]</c>: runs down scripts, newest first.</summary>
internal static class RollbackCommand
{
    public static Command Create(CommonOptions common)
    {
        var to = new Option<string?>("--to") { Description = "Roll back every applied migration newer than this version (0: all of them)" };
        var toKnown = new Option<bool>("--to-known") { Description = "Roll back every applied migration this image has no file for, using the down script stored in history (helm rollback)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would run; change nothing" };
        var command = new Command("rollback", "Undo applied migrations with their down scripts, newest first, each in its own transaction") { to, toKnown, dryRun };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "rollback", async (context, ct) =>
        {
            var toText = result.GetValue(to);
            var known = result.GetValue(toKnown);
            if (toText is null == !known)
            {
                throw new ConfigurationException("rollback needs exactly one of --to VERSION (0 rolls back everything) or --to-known");
            }

            var request = new RollbackRequest
            {
                To = toText is null ? null : MigrationVersion.TryParse(toText)
                    ?? throw new ConfigurationException($"--to '{toText}' is not a version; expected e.g. 3 or 1.2 or 0 for everything"),
                ToKnown = known,
                DryRun = result.GetValue(dryRun),
            };
            var runner = new RollbackRunner(context.Provider, context.Sources, context.Options, context.Logger<RollbackRunner>());
            var report = await runner.RunAsync(request, ct);
            var output = context.Output;
            var version = report.CurrentVersion?.Text ?? "(none)";
            if (report.Steps.Count == 0)
            {
                output.Line($"Nothing to roll back: at version {version} ({context.Provider.DisplayName})", ConsoleColor.Green);
                return new CommandOutcome(0, report.CurrentVersion?.Text);
            }

            if (report.DryRun)
            {
                output.Line($"Dry run: {report.Steps.Count} migration(s) would be rolled back, in this order (nothing was changed):");
                foreach (var step in report.Steps)
                {
                    output.Line($"  version {step.Version}: {step.DownName} (from {step.Source}{(step.Transactional ? string.Empty : "; statement by statement, without a transaction")})", ConsoleColor.Cyan);
                    foreach (var line in step.DownSql.TrimEnd().Split('\n'))
                    {
                        output.Line("      " + line.TrimEnd('\r'));
                    }
                }

                return new CommandOutcome(0, report.CurrentVersion?.Text);
            }

            foreach (var (step, done) in report.Steps.Zip(report.Results).Where(p => p.Second.Status == MigrationStatus.Applied))
            {
                context.Audit.Change("rollback", step.Version.Text, step.Script, $"ran {step.DownName} (from {step.Source}; {step.Statements} statement(s) {(step.Transactional ? "in one transaction" : "one by one, without a transaction")}) and removed its history row", done.Duration);
            }

            output.Line(string.Create(CultureInfo.InvariantCulture, $"Rolled back {report.RolledBackCount} migration(s); now at version {version}"), ConsoleColor.Green);
            return new CommandOutcome(report.RolledBackCount, report.CurrentVersion?.Text);
        }, cancellationToken));
        return command;
    }
}
