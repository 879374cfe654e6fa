using System.CommandLine;
using Slipway.Cli.Configuration;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway verify [--all] [--allow-irreversible]</c>: up, down, up of each pending migration on a scratch target.</summary>
internal static class VerifyCommand
{
    public static Command Create(CommonOptions common)
    {
        var allowIrreversible = new Option<bool>("--allow-irreversible") { Description = "Accept migrations marked '-- slipway: irreversible' (applied without a down check)" };
        var all = new Option<bool>("--all") { Description = "Verify every versioned migration, not only the pending ones" };
        var command = new Command("verify", "Prove pending migrations reversible: up, down, up on a temporary database, schema compared") { allowIrreversible, all };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "verify", async (context, ct) =>
        {
            var verifier = new Verifier(context.Provider, context.Sources, context.Options, context.Logger<Verifier>());
            var report = await verifier.RunAsync(new VerifyRequest { AllowIrreversible = result.GetValue(allowIrreversible), All = result.GetValue(all) }, ct);
            var output = context.Output;
            if (report.Verified.Count == 0 && report.Irreversible.Count == 0)
            {
                output.Line("Nothing to verify: no pending migrations (use --all to verify every migration)", ConsoleColor.Green);
                return new CommandOutcome();
            }

            // Each migration was reported as it was verified (migration_verified / verify_irreversible events).
            output.Line($"Verified {report.Verified.Count} migration(s) reversible ({report.Irreversible.Count} irreversible accepted) on a {report.Scratch}, now dropped", ConsoleColor.Green);
            return new CommandOutcome();
        }, cancellationToken));
        return command;
    }
}
