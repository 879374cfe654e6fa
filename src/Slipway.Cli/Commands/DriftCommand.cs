using System.CommandLine;
using System.Text.Json;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;
using Slipway.Cli.Output;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway drift [--exclude PATTERN]...</c>: compare the live schema with the one its history says it has.</summary>
internal static class DriftCommand
{
    public static Command Create(CommonOptions common)
    {
        var (exclude, grants, record) = Options();
        var command = new Command("drift", "Compare the live schema with the schema its applied migrations build on a temporary database, object by object") { exclude, grants, record };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "drift", async (context, ct) =>
        {
            var detector = new DriftDetector(context.Provider, context.Sources, context.Options, context.Logger<DriftDetector>());
            var request = new DriftRequest { Exclude = result.GetValue(exclude) ?? [], IncludeGrants = result.GetValue(grants), Record = result.GetValue(record) };
            var report = await detector.RunAsync(request, ct);
            Write(context.Output, DatabaseIdentity.From(context.Provider.DisplayName).Database, report);
            if (request.Record)
            {
                context.Output.Line($"Recorded the result in {context.Settings.Table}_drift");
            }

            return new CommandOutcome(0, report.Version?.Text, report.HasDrift ? ExitCodes.DriftFound : ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    /// <summary>The options of a drift check, shared by <c>drift</c> and <c>fleet drift</c>.</summary>
    public static (Option<string[]> Exclude, Option<bool> Grants, Option<bool> Record) Options() =>
    (
        new Option<string[]>("--exclude")
        {
            Description = "Leave out objects whose name (e.g. public.partman_*) or key (e.g. 'index public.*_tmp') matches this pattern; * and ? are wildcards. Repeatable",
            AllowMultipleArgumentsPerToken = false,
        },
        new Option<bool>("--include-grants") { Description = "Also compare privileges granted to other roles (PostgreSQL)" },
        new Option<bool>("--record") { Description = "Store the result in the table next to the history table (<history table>_drift), for the app's status page and metrics" }
    );

    private static void Write(CliOutput output, string database, DriftReport report)
    {
        if (output.Json)
        {
            var rows = report.Differences.Select(d => new DriftRow(Change(d), d.Name, d.Expected, d.Actual)).ToList();
            output.Document(JsonSerializer.Serialize(new DriftDocument("drift", database, report.Version?.Text, report.Replayed, report.Excluded, rows, report.Notes), CliJsonContext.Default.DriftDocument));
            return;
        }

        foreach (var note in report.Notes)
        {
            output.Line("note: " + note, ConsoleColor.Yellow);
        }

        foreach (var difference in report.Differences)
        {
            switch (Change(difference))
            {
                case "extra":
                    output.Line($"+ {difference.Name}{Indented(difference.Actual)}", ConsoleColor.Green);
                    break;
                case "missing":
                    output.Line($"- {difference.Name}{Indented(difference.Expected)}", ConsoleColor.Red);
                    break;
                default:
                    output.Line($"~ {difference.Name}", ConsoleColor.Yellow);
                    output.Line("    expected: " + Block(difference.Expected));
                    output.Line("    found:    " + Block(difference.Actual));
                    break;
            }
        }

        var at = report.Version is null ? "no applied migrations" : "version " + report.Version;
        var excluded = report.Excluded == 0 ? string.Empty : $" ({report.Excluded} excluded)";
        output.Line(report.HasDrift
                ? $"Drift: {report.Differences.Count} object(s) differ from the schema of {at} ({report.Replayed} migration(s) replayed on a {report.Scratch}){excluded}; + exists but no migration created it, - missing, ~ changed"
                : $"No drift: the schema matches {at} ({report.Replayed} migration(s) replayed on a {report.Scratch}){excluded}",
            report.HasDrift ? ConsoleColor.Red : ConsoleColor.Green);
    }

    private static string Change(SchemaDifference difference) => DriftRows.Change(difference);

    private static string Block(string? definition) =>
        string.IsNullOrWhiteSpace(definition) ? "(no definition)" : Indented(definition, "      ").TrimStart(':', ' ', '\n');

    private static string Indented(string? definition, string indent = "    ")
    {
        if (string.IsNullOrWhiteSpace(definition))
        {
            return string.Empty;
        }

        var lines = definition.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n');
        return lines.Length == 1 ? ": " + lines[0] : "\n" + string.Join('\n', lines.Select(l => indent + l.TrimEnd()));
    }
}
