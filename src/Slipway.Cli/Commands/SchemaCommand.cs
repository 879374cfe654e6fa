using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway schema dump [--out FILE]</c> and <c>slipway schema check FILE</c>: a reviewed schema file next to the migrations.</summary>
internal static class SchemaCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("schema", "Write the live schema to a deterministic file, or check a committed one against the migrations");
        command.Subcommands.Add(Dump(common));
        command.Subcommands.Add(Check(common));
        return command;
    }

    private static Command Dump(CommonOptions common)
    {
        var outFile = new Option<string>("--out") { Description = "Write the schema file here instead of to standard output" };
        var command = new Command("dump", "Write the live schema (every object, sorted; no timestamps; the history table left out)") { outFile };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "schema dump", async (context, ct) =>
        {
            var text = await new SchemaFile(context.Provider, context.Sources, context.Options, context.Logger<SchemaFile>()).DumpAsync(ct);
            if (result.GetValue(outFile) is { Length: > 0 } path)
            {
                await WriteAsync(path, text, ct);
                context.Output.Line($"Wrote the schema of {context.Provider.DisplayName} to {path}", ConsoleColor.Green);
            }
            else
            {
                context.Output.Document(text.TrimEnd('\n'));
            }

            return new CommandOutcome();
        }, cancellationToken));
        return command;
    }

    private static Command Check(CommonOptions common)
    {
        var file = new Argument<string>("FILE") { Description = "The committed schema file, written by 'slipway schema dump'" };
        var update = new Option<bool>("--update") { Description = "Rewrite FILE with the schema the migrations build instead of failing" };
        var command = new Command("check", "Replay every migration on a temporary database and fail with a unified diff when FILE differs from the schema they build") { file, update };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "schema check", async (context, ct) =>
        {
            var path = result.GetValue(file)!;
            string committed;
            try
            {
                committed = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"Cannot read the schema file '{path}': {ex.Message} Write it with `slipway schema dump --out {path}` and commit it.");
            }

            var report = await new SchemaFile(context.Provider, context.Sources, context.Options, context.Logger<SchemaFile>()).CheckAsync(committed, path, ct);
            if (report.Matches)
            {
                context.Output.Line($"{path} matches the schema the {report.Replayed} migration(s) build (replayed on a {report.Scratch})", ConsoleColor.Green);
                return new CommandOutcome();
            }

            if (result.GetValue(update))
            {
                await WriteAsync(path, report.Expected, ct);
                context.Output.Line($"Updated {path} to the schema the {report.Replayed} migration(s) build; review and commit it", ConsoleColor.Yellow);
                return new CommandOutcome();
            }

            context.Output.Document(report.Diff.TrimEnd('\n'));
            throw new SchemaDriftException($"{path} differs from the schema the {report.Replayed} migration(s) build (diff above, '+' lines are what the migrations build); " +
                $"if the migrations are right, run `slipway schema check {path} --update` (or `schema dump` on a migrated database) and commit the file");
        }, cancellationToken));
        return command;
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(path, text, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Cannot write the schema file '{path}': {ex.Message}");
        }
    }
}
