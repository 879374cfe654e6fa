using Slipway.Backup;
using Slipway.Diagnostics;
using Slipway.Fleets;
using Slipway.Lint;
using Slipway.Planning;

namespace Slipway.Cli.Output;

/// <summary>
/// The one place where a kind of failure becomes an exit code, and where the command line adds the
/// flag or variable that changes the behaviour the engine's message describes.
/// </summary>
internal static class ExitCodeMap
{
    /// <summary>The exit code of a failure kind; a migration's own failure for any kind not listed.</summary>
    public static int For(SlipwayException error) => error switch
    {
        ValidationException or VerificationException => ExitCodes.ValidationFailed,
        LockTimeoutException or LockLostException => ExitCodes.LockTimeout,
        DatabaseUnreachableException => ExitCodes.DatabaseUnreachable,
        ConnectionLostException => ExitCodes.ConnectionLost,
        ConfigurationException => ExitCodes.UsageError,
        AccessDeniedException => ExitCodes.AccessDenied,
        LintFailedException => ExitCodes.LintFailed,
        LintUnavailableException => ExitCodes.LintUnavailable,
        BackupFailedException => ExitCodes.BackupFailed,
        SchemaDriftException => ExitCodes.DriftFound,
        _ => ExitCodes.MigrationFailed,
    };

    /// <summary>
    /// The exit code of a fleet run: a partial failure when any target failed or was not started;
    /// otherwise drift found when a drift check found drift on any target, else success.
    /// </summary>
    public static int For(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return !report.AllSucceeded ? ExitCodes.PartialFailure
            : report.Results.Any(r => r.Outcome?.Drift is { HasDrift: true }) ? ExitCodes.DriftFound
            : ExitCodes.Success;
    }

    /// <summary>The message to print: the engine's, plus the flag that controls what it talks about.</summary>
    public static string Describe(SlipwayException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var hint = error switch
        {
            LockTimeoutException => "The lock wait is --lock-wait / SLIPWAY_LOCK_WAIT.",
            LockLostException => "The lease lives --lease-duration / SLIPWAY_LEASE_DURATION without a heartbeat.",
            TableLockTimeoutException => "Retries: --lock-retries / SLIPWAY_LOCK_RETRIES; the wait of each attempt: --lock-timeout / SLIPWAY_LOCK_TIMEOUT.",
            DatabaseUnreachableException { IsTransient: true } => "To keep retrying longer, set --wait / SLIPWAY_WAIT.",
            BackupFailedException when error.Message.Contains("not found", StringComparison.Ordinal) => "Their folder is --pg-bin / SLIPWAY_PG_BIN.",
            ConfigurationException when error.Message.Contains("pg_dump was not found", StringComparison.Ordinal) => "Their folder is --pg-bin / SLIPWAY_PG_BIN.",
            ConfigurationException { Setting: ConfigurationException.MigrationsSetting } => "The folder is --migrations / SLIPWAY_MIGRATIONS.",
            _ => null,
        };
        return hint is null ? error.Message : error.Message + " " + hint;
    }

    /// <summary>The flag or command that does what a validation problem's message suggests, as " (--flag)"; empty when none.</summary>
    public static string Hint(ValidationProblem problem, string command)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var hint = problem.Code switch
        {
            "out-of-order" => "--out-of-order / SLIPWAY_OUT_OF_ORDER",
            "applied-missing" => "slipway rollback --to-known",
            "known-above-unknown" or "below-baseline" => "slipway rollback --to VERSION",
            "irreversible" or "no-down-script" when command == "verify" => "--allow-irreversible",
            _ => null,
        };
        return hint is null ? string.Empty : " (" + hint + ")";
    }
}
