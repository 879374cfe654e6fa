using System.CommandLine;
using Slipway.Cli.Commands;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;

var common = new CommonOptions();
var root = new RootCommand("Slipway: database schema migrations that never race, never leave a dirty database and recover by themselves.");
foreach (var option in common.All)
{
    root.Options.Add(option);
}

root.Subcommands.Add(MigrateCommand.Create(common));
root.Subcommands.Add(StatusCommand.Create(common));
root.Subcommands.Add(ValidateCommand.Create(common));
root.Subcommands.Add(PlanCommand.Create(common));
root.Subcommands.Add(NewCommand.Create(common));
root.Subcommands.Add(LintCommand.Create(common));
root.Subcommands.Add(BackupCommand.Create(common));
root.Subcommands.Add(HistoryCommand.Create(common));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync("error: " + error.Message);
    }

    await Console.Error.WriteLineAsync("Run 'slipway --help' for usage.");
    return ExitCodes.UsageError;
}

return await parsed.InvokeAsync();
