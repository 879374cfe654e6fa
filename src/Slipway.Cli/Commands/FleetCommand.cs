using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Cli.Fleets;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.Cli.Commands;

/// <summary>
/// <c>slipway fleet migrate|status|validate|plan|rollback|drift</c>: one command over many tenant databases or
/// schemas. Each target is run by the same engine as a single database, with its own history and lock.
/// </summary>
internal static class FleetCommand
{
    public static Command Create(CommonOptions common)
    {
        var flags = new FleetFlags();
        var command = new Command("fleet", "Run migrate, status, validate, plan, rollback or drift over many tenant databases or schemas, with bounded parallelism, a canary stage and sharding");
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(Migrate(common, flags));
        command.Subcommands.Add(Status(common, flags));
        command.Subcommands.Add(Check(common, flags, "validate", "Validate every target's history against the migrations without changing anything"));
        command.Subcommands.Add(Check(common, flags, "plan", "Show which targets have pending migrations, without changing anything"));
        command.Subcommands.Add(Rollback(common, flags));
        command.Subcommands.Add(Drift(common, flags));
        return command;
    }

    private static Command Migrate(CommonOptions common, FleetFlags flags)
    {
        var target = new Option<string?>("--target") { Description = "Apply versioned migrations up to and including this version" };
        var phase = new Option<string?>("--phase") { Description = "Apply only pre-deploy or only post-deploy migrations (expand/contract)" };
        var command = new Command("migrate", "Apply every pending migration on every target") { target, phase };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "fleet migrate", (context, ct) =>
        {
            var request = MigrateCommand.ReadRequest(result, target, phase, context.Settings.OutOfOrder);
            return FleetRun.RunAsync(context, flags.Resolve(result), "migrate", false, "applied",
                (fleet, parts, reporter, token) => fleet.MigrateAsync(parts.Sources, parts.Options, request, reporter, token), ct);
        }, cancellationToken));
        return command;
    }

    private static Command Status(CommonOptions common, FleetFlags flags)
    {
        var json = new Option<bool>("--json") { Description = "Print the fleet's status as one JSON document" };
        var command = new Command("status", "Show how many targets are at which version and which lag behind") { json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "fleet status", (context, ct) =>
            FleetRun.RunAsync(context, flags.Resolve(result, readOnly: true), "status", result.GetValue(json), "applied",
                (fleet, parts, reporter, token) => fleet.PlanAsync(parts.Sources, parts.Options, new PlanRequest { OutOfOrder = context.Settings.OutOfOrder }, true, reporter, token), ct),
            cancellationToken));
        return command;
    }

    private static Command Check(CommonOptions common, FleetFlags flags, string name, string description)
    {
        var command = new Command(name, description);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "fleet " + name, (context, ct) =>
            FleetRun.RunAsync(context, flags.Resolve(result, readOnly: true), name, false, "applied",
                (fleet, parts, reporter, token) => fleet.PlanAsync(parts.Sources, parts.Options, new PlanRequest { OutOfOrder = context.Settings.OutOfOrder }, true, reporter, token), ct),
            cancellationToken));
        return command;
    }

    private static Command Rollback(CommonOptions common, FleetFlags flags)
    {
        var to = new Option<string?>("--to") { Description = "Roll back every applied migration newer than this version (0: all of them)" };
        var toKnown = new Option<bool>("--to-known") { Description = "Roll back every applied migration this image has no file for, using the down script stored in history" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Change nothing; report what would be rolled back" };
        var command = new Command("rollback", "Undo applied migrations on every target with their down scripts, newest first") { to, toKnown, dryRun };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "fleet rollback", (context, ct) =>
        {
            var toText = result.GetValue(to);
            var known = result.GetValue(toKnown);
            if (toText is null == !known)
            {
                throw new ConfigurationException("fleet rollback needs exactly one of --to VERSION (0 rolls back everything) or --to-known");
            }

            var request = new RollbackRequest
            {
                To = toText is null ? null : MigrationVersion.TryParse(toText)
                    ?? throw new ConfigurationException($"--to '{toText}' is not a version; expected e.g. 3 or 1.2 or 0 for everything"),
                ToKnown = known,
                DryRun = result.GetValue(dryRun),
            };
            return FleetRun.RunAsync(context, flags.Resolve(result), "rollback", false, "rolled back",
                (fleet, parts, reporter, token) => fleet.RollbackAsync(parts.Sources, request, parts.Options, reporter, token), ct);
        }, cancellationToken));
        return command;
    }

    private static Command Drift(CommonOptions common, FleetFlags flags)
    {
        var (exclude, grants, record) = DriftCommand.Options();
        var json = new Option<bool>("--json") { Description = "Print the fleet's drift, with every differing object, as one JSON document" };
        var command = new Command("drift", "Compare every target's live schema with the schema its own applied migrations build; a drifted target does not stop the run") { exclude, grants, record, json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "fleet drift", (context, ct) =>
        {
            var request = new DriftRequest { Exclude = result.GetValue(exclude) ?? [], IncludeGrants = result.GetValue(grants), Record = result.GetValue(record) };
            // --record writes only each target's drift log, never its schema or history.
            return FleetRun.RunAsync(context, flags.Resolve(result, readOnly: true), "drift", result.GetValue(json), "checked",
                (fleet, parts, reporter, token) => fleet.DriftAsync(parts.Sources, request, parts.Options, reporter, token), ct);
        }, cancellationToken));
        return command;
    }
}
