using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using Slipway.Cli.Commands;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;

namespace Slipway.Cli;

/// <summary>
/// The whole <c>slipway</c> command line, for the <c>slipway</c> tool itself and for an app's own migration
/// executable (a bundle, like EF Core's): <c>return await SlipwayCommandLine.RunAsync(args, typeof(Program).Assembly);</c>
/// gives it every command, flag, environment variable and exit code of <c>slipway</c>, with the app's
/// embedded SQL and C# migrations.
/// </summary>
public static class SlipwayCommandLine
{
    /// <summary>Runs the command line over the migrations folders it is given (<c>--migrations</c>, default <c>./migrations</c>).</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, bundle: null);

    /// <summary>
    /// Runs the command line over the migrations of <paramref name="assembly"/>: its <c>migrations/*.sql</c>
    /// resources and its C# migration classes (found by reflection; for a trimmed or NativeAOT bundle use
    /// <see cref="RunAsync(string[], SlipwayBundle)"/> with <see cref="SlipwayBundle.AddCodeMigration{T}"/>).
    /// Folders named by <c>--migrations</c> or <c>SLIPWAY_MIGRATIONS</c> are merged in.
    /// </summary>
    [RequiresUnreferencedCode("Finds migration classes by reflection; trimming may remove them. Use RunAsync(args, new SlipwayBundle().AddEmbeddedMigrations(...).AddCodeMigration<T>()) instead.")]
    public static Task<int> RunAsync(string[] args, Assembly assembly) =>
        RunAsync(args, new SlipwayBundle().AddEmbeddedMigrations(assembly).AddCodeMigrations(assembly));

    /// <summary>
    /// Runs the command line over the migrations of <paramref name="bundle"/> (null: the folders only).
    /// Folders named by <c>--migrations</c> or <c>SLIPWAY_MIGRATIONS</c> are merged in. Returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, SlipwayBundle? bundle)
    {
        ArgumentNullException.ThrowIfNull(args);

        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        var common = new CommonOptions { Bundle = bundle };
        var parsed = Root(common).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'slipway --help' for usage.");
            return ExitCodes.UsageError;
        }

        if (!RunsFleet(parsed))
        {
            SocketEngine.ForFewConnections();
        }

        // SIGTERM is how Kubernetes stops a pod. Instead of dying mid-statement, cancel the run: the current
        // transactional migration is rolled back, a running non-transactional statement finishes, the lock is
        // released and the process exits with ExitCodes.Interrupted. A second signal is handled the same way.
        using var interrupted = new CancellationTokenSource();
        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, interrupted.Token);
        }
        catch (Exception ex)
        {
            // Commands map their own failures; this is for anything outside them (the parser, option defaults).
            var (code, message) = LastResort.Describe(ex);
            await Console.Error.WriteLineAsync("error: " + message);
            return code;
        }
    }

    private static RootCommand Root(CommonOptions common)
    {
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
        root.Subcommands.Add(RollbackCommand.Create(common));
        root.Subcommands.Add(VerifyCommand.Create(common));
        root.Subcommands.Add(BaselineCommand.Create(common));
        root.Subcommands.Add(RepairCommand.Create(common));
        root.Subcommands.Add(LintCommand.Create(common));
        root.Subcommands.Add(BackupCommand.Create(common));
        root.Subcommands.Add(HistoryCommand.Create(common));
        root.Subcommands.Add(DriftCommand.Create(common));
        root.Subcommands.Add(SchemaCommand.Create(common));
        root.Subcommands.Add(FleetCommand.Create(common));
        root.Subcommands.Add(SquashCommand.Create(common));
        return root;
    }

    private static bool RunsFleet(ParseResult parsed)
    {
        for (var result = (SymbolResult?)parsed.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command.Name: "fleet" })
            {
                return true;
            }
        }

        return false;
    }

    // A failure on a background thread (a timer, a heartbeat) would otherwise end the process with a stack trace.
    private static void OnUnhandled(object? sender, UnhandledExceptionEventArgs e)
    {
        var (code, message) = e.ExceptionObject is Exception ex ? LastResort.Describe(ex) : (ExitCodes.InternalError, "slipway stopped on an unexpected error.");
        Console.Error.WriteLine("error: " + message);
        Environment.Exit(code);
    }
}
