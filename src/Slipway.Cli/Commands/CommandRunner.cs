using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;
using Slipway.Diagnostics;

namespace Slipway.Cli.Commands;

/// <summary>What a command reports back for the summary line.</summary>
internal sealed record CommandOutcome(int Applied = 0, string? CurrentVersion = null, int ExitCode = ExitCodes.Success);

/// <summary>
/// Runs a command body and maps every outcome to an exit code in one place: a failure kind to its code
/// (<see cref="ExitCodeMap"/>), a driver error through its provider, anything else to
/// <see cref="ExitCodes.InternalError"/> (<see cref="LastResort"/>), cancellation to
/// <see cref="ExitCodes.Interrupted"/>. In JSON mode the last line is a summary.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult result, CommonOptions common, string command, Func<RunContext, CancellationToken, Task<CommandOutcome>> body, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        CliOutput output;
        try
        {
            output = CliOutput.ForConsole(common.IsJson(result));
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync("error: " + LastResort.Redact(ExitCodeMap.Describe(ex)));
            return ExitCodeMap.For(ex);
        }

        CommandOutcome outcome;
        string? error = null;
        try
        {
            using var context = RunContext.Create(result, common, output);
            outcome = await body(context, cancellationToken);
        }
        catch (ValidationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                output.Event(problem.Severity == Planning.ProblemSeverity.Error ? Microsoft.Extensions.Logging.LogLevel.Error : Microsoft.Extensions.Logging.LogLevel.Warning,
                    "validation_problem", $"{problem.Location}: {problem.Message}{ExitCodeMap.Hint(problem, command)} [{problem.Code}]",
                    [new("code", problem.Code), new("location", problem.Location), new("severity", problem.Severity.ToString().ToLowerInvariant())]);
            }

            error = $"validation failed with {ex.Problems.Count(p => p.Severity == Planning.ProblemSeverity.Error)} error(s); nothing was applied";
            output.Error(error, ExitCodes.ValidationFailed);
            outcome = new CommandOutcome(ExitCode: ExitCodes.ValidationFailed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "interrupted: stopped cleanly, no lock is held and the next run goes on from here";
            output.Error(error, ExitCodes.Interrupted);
            outcome = new CommandOutcome(ExitCode: ExitCodes.Interrupted);
        }
        catch (Exception ex)
        {
            // Every other failure, Slipway's own or a driver's that escaped the provider, ends here:
            // one message naming the cause, never a stack trace.
            (var code, error) = LastResort.Describe(ex);
            output.Error(error, code);
            outcome = new CommandOutcome(ExitCode: code);
        }

        if (output.Json)
        {
            var summary = new SummaryDocument("summary", command, outcome.ExitCode == 0 ? "success" : "failed", outcome.ExitCode,
                outcome.Applied, outcome.CurrentVersion, clock.ElapsedMilliseconds, error);
            output.Document(JsonSerializer.Serialize(summary, CliJsonContext.Default.SummaryDocument));
        }

        return outcome.ExitCode;
    }
}
