using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;
using Slipway.Diagnostics;
using Slipway.Lint;
using Slipway.Lint.Reporting;

using Slipway.Cli.Output;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway lint</c>: finds migrations that would lock or break production. Needs no database.</summary>
internal static class LintCommand
{
    public static Command Create(CommonOptions common)
    {
        var format = new Option<string?>("--format") { Description = "text, json, github (workflow annotations) or sarif. Default: text (json with --log-format json)" };
        var dialect = new Option<string?>("--dialect") { Description = "postgres or sqlite. Default: the database of DATABASE_URL; without one, what the SQL names (PostgreSQL when it names neither)" };
        var config = new Option<string?>("--lint-config") { Description = "Project lint settings (env SLIPWAY_LINT_CONFIG). Default: ./slipway.lint.json when present" };
        var disable = new Option<string[]>("--disable") { Description = "Switch a rule off for every file (ID or name); repeat for several" };
        var listRules = new Option<bool>("--list-rules") { Description = "Print every rule with its explanation and safe alternative, then exit" };
        var command = new Command("lint", "Check migrations for operations that lock or break production (PostgreSQL's own parser, via libpg_query)") { format, dialect, config, disable, listRules };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "lint", async (context, ct) =>
        {
            var output = context.Output;
            if (result.GetValue(listRules))
            {
                foreach (var rule in LintRules.All)
                {
                    output.Line($"{rule.Id} {rule.Name} ({(rule.Severity == LintSeverity.Error ? "error" : "warning")}{(rule.AppliesToSqlite ? ", also SQLite" : string.Empty)}{(rule.Name.StartsWith("mysql-", StringComparison.Ordinal) ? ", MySQL only" : string.Empty)})", ConsoleColor.Cyan);
                    output.Line("    why: " + rule.Why);
                    output.Line("    instead: " + rule.Instead);
                }

                return new CommandOutcome();
            }

            var chosen = (result.GetValue(format) ?? (output.Json ? "json" : "text")).ToLowerInvariant();
            if (chosen is not ("text" or "json" or "github" or "sarif"))
            {
                throw new ConfigurationException($"--format '{chosen}' is not supported; use {LintReportWriter.Formats}");
            }

            var settings = LintRunner.Settings(result.GetValue(config) ?? Environment.GetEnvironmentVariable("SLIPWAY_LINT_CONFIG"), result.GetValue(disable) ?? []);
            var report = await LintRunner.RunAsync(context, settings, result.GetValue(dialect), ct);
            switch (chosen)
            {
                case "json":
                    output.Document(LintReportWriter.Json(report));
                    break;
                case "sarif":
                    output.Document(LintReportWriter.Sarif(report, typeof(LintCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
                    break;
                case "github":
                    foreach (var line in LintReportWriter.GitHub(report))
                    {
                        output.Document(line);
                    }

                    break;
                default:
                    PrintText(context, report);
                    break;
            }

            return new CommandOutcome(ExitCode: report.ErrorCount > 0 ? ExitCodes.LintFailed : ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    internal static void PrintText(RunContext context, LintReport report)
    {
        var lines = LintReportWriter.Text(report).ToList();
        var index = 0;
        foreach (var finding in report.Findings)
        {
            context.Output.Line(lines[index++], finding.Severity == LintSeverity.Error ? ConsoleColor.Red : ConsoleColor.Yellow);
            context.Output.Line(lines[index++], ConsoleColor.Gray);
            context.Output.Line(lines[index++], ConsoleColor.Gray);
        }

        context.Output.Line(lines[^1], report.ErrorCount > 0 ? ConsoleColor.Red : ConsoleColor.Green);
    }
}
