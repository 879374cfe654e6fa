using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway baseline --version V</c>: adopt a database that predates Slipway.</summary>
internal static class BaselineCommand
{
    public static Command Create(CommonOptions common)
    {
        var version = new Option<string>("--version") { Description = "Migrations up to and including this version already exist in the database", Required = true };
        var command = new Command("baseline", "Record that a database predating Slipway already has every migration up to --version") { version };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "baseline", async (context, ct) =>
        {
            var text = result.GetValue(version)!;
            var parsed = MigrationVersion.TryParse(text)
                ?? throw new ConfigurationException($"--version '{text}' is not a version; expected e.g. 3 or 1.2 or 20240131120000");
            var report = await new Baseliner(context.Provider, context.Sources, context.Options, context.Logger<Baseliner>()).RunAsync(parsed, ct);
            if (report.AlreadyBaselined)
            {
                context.Output.Line($"Already baselined at version {report.Version}; nothing changed", ConsoleColor.Green);
                return new CommandOutcome(0, report.Version.Text);
            }

            context.Audit.Change("baseline", report.Version.Text, "baseline", $"{report.Covered.Count} migration file(s) at or below it count as applied", TimeSpan.Zero);
            context.Output.Line($"Baselined {context.Provider.DisplayName} at version {report.Version}; {report.Covered.Count} migration file(s) count as applied:", ConsoleColor.Green);
            foreach (var name in report.Covered)
            {
                context.Output.Line("  " + name);
            }

            return new CommandOutcome(0, report.Version.Text);
        }, cancellationToken));
        return command;
    }
}
