using System.CommandLine;
using System.Text.Json;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway plan</c>: what <c>migrate</c> would run, in order, with directives. Changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CommonOptions common)
    {
        var target = new Option<string?>("--target") { Description = "Plan up to and including this version" };
        var phase = new Option<string?>("--phase") { Description = "Plan only pre-deploy or only post-deploy migrations" };
        var execute = new Option<bool>("--execute") { Description = "Also run the pending transactional migrations in one transaction and roll it back, proving they apply to today's data" };
        var command = new Command("plan", "Show what migrate would apply, in order, without changing anything") { target, phase, execute };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "plan", async (context, ct) =>
        {
            var request = MigrateCommand.ReadRequest(result, target, phase, context.Settings.OutOfOrder);
            if (result.GetValue(execute))
            {
                return await ExecuteAsync(context, request, ct);
            }

            var plan = await context.Migrator.ValidateAsync(request, ct);
            var pendingNames = plan.Pending.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (context.Output.Json)
            {
                var entries = plan.Pending.Select(p => plan.Entries.First(e => e.Script == p.Name));
                context.Output.Document(JsonSerializer.Serialize(StatusCommand.ToDocument("plan", context.Provider.DisplayName, plan, entries), CliJsonContext.Default.StatusDocument));
                return new CommandOutcome(0, plan.CurrentVersion?.Text);
            }

            context.Output.Line(plan.Pending.Count == 0
                ? $"Nothing to apply: up to date at version {plan.CurrentVersion?.Text ?? "(none)"}"
                : $"{plan.Pending.Count} migration(s) would be applied, in this order:");
            var step = 1;
            foreach (var script in plan.Pending)
            {
                var directives = script.Directives.ToString();
                context.Output.Line($"  {step++,3}. {script.Name}{(directives.Length > 0 ? "  [" + directives + "]" : string.Empty)}{NonAtomic(script, context)}", ConsoleColor.Cyan);
            }

            foreach (var deferred in plan.Entries.Where(e => e.State == Planning.MigrationState.Deferred && !pendingNames.Contains(e.Script)))
            {
                context.Output.Line($"       {deferred.Script}  (not in this run: beyond --target or another phase)");
            }

            return new CommandOutcome(0, plan.CurrentVersion?.Text);
        }, cancellationToken));
        return command;
    }

    // MySQL and MariaDB commit DDL implicitly: such a migration runs statement by statement, and a plan says so.
    private static string NonAtomic(Discovery.MigrationScript script, RunContext context) =>
        Sql.ScriptAnalysis.Of(script, context.Provider.Dialect) is { Mode: Sql.TransactionMode.ImplicitCommit, FirstRefused: var (statement, command) }
            ? $"  (non-atomic: {command} at line {statement.Line} commits implicitly; runs statement by statement, each recorded)"
            : string.Empty;

    private static async Task<CommandOutcome> ExecuteAsync(RunContext context, Planning.PlanRequest request, CancellationToken cancellationToken)
    {
        var report = await new DryRunner(context.Provider, context.Sources, context.Options, context.Logger<DryRunner>()).RunAsync(request, cancellationToken);
        var output = context.Output;
        if (report.Executed.Count == 0 && report.NotExecuted.Count == 0)
        {
            output.Line($"Nothing to apply: up to date at version {report.CurrentVersion?.Text ?? "(none)"}", ConsoleColor.Green);
            return new CommandOutcome(0, report.CurrentVersion?.Text);
        }

        foreach (var result in report.Executed)
        {
            output.Line("  " + result, ConsoleColor.Cyan);
        }

        foreach (var script in report.NotExecuted)
        {
            var why = script.Code is not null ? "(C#: not executed in dry run)"
                : NonAtomic(script, context) is { Length: > 0 } nonAtomic ? nonAtomic.Trim() + ": not executed in dry run, DDL cannot be rolled back"
                : "(no-transaction: not executed in dry run)";
            output.Line($"  ----  {script.Name} {why}", ConsoleColor.Yellow);
        }

        output.Line($"Dry run: {report.Executed.Count} migration(s) executed in one transaction and rolled back; {report.NotExecuted.Count} not executed. Nothing was changed.", ConsoleColor.Green);
        return new CommandOutcome(0, report.CurrentVersion?.Text);
    }
}
