using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway squash --to V --out FILE</c>: one baseline script equivalent to the versioned migrations up to V, for new databases.</summary>
internal static class SquashCommand
{
    public static Command Create(CommonOptions common)
    {
        var to = new Option<string>("--to") { Description = "The newest version the baseline stands for (an existing versioned migration)", Required = true };
        var outFile = new Option<string>("--out") { Description = "Where to write the script; name it B{version}__{description}.sql in the migrations folder so new databases start from it", Required = true };
        var pgBin = new Option<string?>("--pg-bin") { Description = "Folder of pg_dump (env SLIPWAY_PG_BIN). Default: PATH" };
        var command = new Command("squash", "Write one baseline script equivalent to the versioned migrations up to a version: a new database runs it instead of them, a database with history ignores it") { to, outFile, pgBin };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "squash", async (context, ct) =>
        {
            var version = MigrationVersion.TryParse(result.GetValue(to))
                ?? throw new ConfigurationException($"--to '{result.GetValue(to)}' is not a version; give the version of a migration, e.g. --to 7 or --to 2024.01.15");
            var path = result.GetValue(outFile)!;
            CheckName(path, version);
            var provider = context.Factory.Create(Databases.For(context.Settings, toolsDirectory: result.GetValue(pgBin) ?? Environment.GetEnvironmentVariable("SLIPWAY_PG_BIN")));
            var report = await new Squasher(provider, context.Sources, context.Options, context.Logger<Squasher>()).RunAsync(version, ct);
            try
            {
                await File.WriteAllTextAsync(path, report.Script, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"Cannot write the squashed script to '{path}': {ex.Message} Choose another --out.");
            }

            context.Output.Line($"Wrote {path}: a baseline for version {version} equivalent to {report.Covered.Count} migration(s) ({report.Covered[0]} to {report.Covered[^1]}), checked on a {report.Scratch}", ConsoleColor.Green);
            if (ScriptName.TryParse(Path.GetFileName(path)) is null)
            {
                context.Output.Line($"note: new databases start from it once it is in the migrations folder as {report.SuggestedName} (any B{version}__{{description}}.sql)", ConsoleColor.Yellow);
            }

            return new CommandOutcome(0, version.Text);
        }, cancellationToken));
        return command;
    }

    // A name that reads as a migration would run the whole schema again as a new version on every database.
    private static void CheckName(string path, MigrationVersion version)
    {
        var name = ScriptName.TryParse(Path.GetFileName(path));
        if (name is null || (name.Role == ScriptRole.Baseline && name.Version! == version))
        {
            return;
        }

        throw new ConfigurationException(name.Role == ScriptRole.Baseline
            ? $"--out '{path}' names a baseline for version {name.Version}, but the script stands for version {version}; name it B{version}__{{description}}.sql"
            : $"--out '{path}' would be read as a migration, not a baseline; name it B{version}__{{description}}.sql");
    }
}
