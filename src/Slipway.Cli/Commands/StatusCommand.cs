using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway status</c>: a table of every migration with its state; exit code 2 when validation finds errors.</summary>
internal static class StatusCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("status", "Show applied, pending and problem migrations");
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "status", async (context, ct) =>
        {
            var plan = await context.Migrator.PlanAsync(new PlanRequest { OutOfOrder = context.Settings.OutOfOrder }, ct);
            if (context.Output.Json)
            {
                context.Output.Document(JsonSerializer.Serialize(ToDocument("status", context.Provider.DisplayName, plan, plan.Entries), CliJsonContext.Default.StatusDocument));
            }
            else
            {
                Print(context, plan);
            }

            return new CommandOutcome(0, plan.CurrentVersion?.Text, plan.HasErrors ? ExitCodes.ValidationFailed : ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    internal static StatusDocument ToDocument(string name, string database, MigrationPlan plan, IEnumerable<StatusEntry> entries) =>
        new(name, database, plan.CurrentVersion?.Text, plan.Pending.Count,
            [.. entries.Select(e => new StatusRow(
                e.Version?.Text, e.Description, e.Script, e.Kind.ToText(), e.Phase.ToText(), e.State.ToText(),
                e.Applied?.FinishedAt ?? e.Applied?.StartedAt, e.Applied?.AppliedBy, e.Applied?.ExecutionMs,
                plan.Pending.FirstOrDefault(p => p.Name == e.Script)?.Directives.ToString() is { Length: > 0 } d ? d : null))],
            [.. plan.Problems.Select(p => new ProblemRow(p.Severity.ToString().ToLowerInvariant(), p.Code, p.Location, p.Message))],
            [.. WaitingForPostDeploy(plan)]);

    /// <summary>Pending contract (post-deploy) migrations: what the post-deploy step will apply.</summary>
    internal static IEnumerable<string> WaitingForPostDeploy(MigrationPlan plan) =>
        plan.Pending.Where(p => p.Phase == MigrationPhase.PostDeploy).Select(p => p.Name);

    private static void Print(RunContext context, MigrationPlan plan)
    {
        var output = context.Output;
        output.Line($"Database: {context.Provider.DisplayName}   version: {plan.CurrentVersion?.Text ?? "(none)"}   pending: {plan.Pending.Count}");
        var rows = plan.Entries.Select(e => new[]
        {
            e.Version?.Text ?? "R",
            e.Description,
            e.Phase.ToText(),
            e.State.ToText(),
            e.Applied is { } a ? a.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : string.Empty,
            e.Applied?.AppliedBy ?? string.Empty,
            e.Applied is { } b ? b.ExecutionMs.ToString(CultureInfo.InvariantCulture) + " ms" : string.Empty,
        }).ToList();
        string[] header = ["Version", "Description", "Phase", "State", "Applied at (UTC)", "By", "Duration"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.Line(Row(header, widths));
        output.Line(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var (row, entry) in rows.Zip(plan.Entries))
        {
            ConsoleColor? colour = entry.State switch
            {
                MigrationState.Pending => ConsoleColor.Cyan,
                MigrationState.Applied or MigrationState.BelowBaseline => null,
                MigrationState.Deferred => ConsoleColor.Gray,
                _ => ConsoleColor.Red,
            };
            output.Line(Row(row, widths), colour);
        }

        var expand = plan.Pending.Where(p => p.Phase == MigrationPhase.PreDeploy).Select(p => p.Name).ToList();
        if (expand.Count > 0)
        {
            output.Line($"Pre-deploy step (`slipway migrate --phase pre-deploy`, before the new app version rolls out): {string.Join(", ", expand)}", ConsoleColor.Cyan);
        }

        var contract = WaitingForPostDeploy(plan).ToList();
        if (contract.Count > 0)
        {
            output.Line($"Waiting for the post-deploy step (`slipway migrate --phase post-deploy`, after the new app version is out): {string.Join(", ", contract)}", ConsoleColor.Cyan);
        }

        foreach (var problem in plan.Problems)
        {
            output.Line(problem + ExitCodeMap.Hint(problem, "status"), problem.Severity == ProblemSeverity.Error ? ConsoleColor.Red : ConsoleColor.Yellow);
        }
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
