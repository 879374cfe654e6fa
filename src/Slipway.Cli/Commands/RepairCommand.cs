using System.CommandLine;
using System.Globalization;
using Slipway.Cli.Configuration;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway repair</c>: re-align checksums and stored down scripts, remove failed rows; prints every change.</summary>
internal static class RepairCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("repair", "Re-align history with the files after deliberate edits and remove failed rows; every change is printed and audited");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "repair", async (context, ct) =>
        {
            var changes = await new Repairer(context.Provider, context.Sources, context.Options, context.Logger<Repairer>()).RunAsync(ct);
            if (changes.Count == 0)
            {
                context.Output.Line("Nothing to repair: history matches the migration files", ConsoleColor.Green);
                return new CommandOutcome();
            }

            foreach (var change in changes)
            {
                context.Audit.Change("repair", null, change.Script, change.Action + ": " + change.Detail, TimeSpan.Zero);
            }

            // Each change was printed as it was made (repair_change events); this is the summary.
            context.Output.Line(string.Create(CultureInfo.InvariantCulture, $"Repaired {changes.Count} history entr{(changes.Count == 1 ? "y" : "ies")} of {context.Provider.DisplayName}; recorded as a repair row in history"), ConsoleColor.Green);
            return new CommandOutcome(changes.Count);
        }, cancellationToken));
        return command;
    }
}
