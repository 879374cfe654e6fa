using System.CommandLine;
using Slipway.Cli.Configuration;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway validate</c>: every problem at once, exit code 2 when any is an error.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("validate", "Check migrations and history (names, duplicates, checksums, order) without changing anything");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "validate", async (context, ct) =>
        {
            var plan = await context.Migrator.ValidateAsync(new Planning.PlanRequest { OutOfOrder = context.Settings.OutOfOrder }, ct);
            context.Output.Line($"Valid: {plan.Entries.Count} migration(s), {plan.Pending.Count} pending", ConsoleColor.Green);
            return new CommandOutcome(0, plan.CurrentVersion?.Text);
        }, cancellationToken));
        return command;
    }
}
