using Microsoft.Extensions.Logging;

namespace Slipway.Diagnostics;

/// <summary>Every log event of the engine, source-generated. Event names are stable: log collectors key on them.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Database not reachable yet (attempt {Attempt}); retrying in {DelayMs} ms: {Reason}", EventName = "waiting_for_database")]
    public static partial void WaitingForDatabase(ILogger logger, int attempt, long delayMs, string reason);

    [LoggerMessage(2, LogLevel.Information, "Schema is up to date at version {Version}", EventName = "up_to_date")]
    public static partial void UpToDate(ILogger logger, string version);

    [LoggerMessage(3, LogLevel.Information, "Lock acquired after {WaitMs} ms; {Pending} migration(s) pending", EventName = "lock_acquired")]
    public static partial void LockAcquired(ILogger logger, long waitMs, int pending);

    [LoggerMessage(4, LogLevel.Information, "Applied {Script} in {DurationMs} ms", EventName = "migration_applied")]
    public static partial void Applied(ILogger logger, string script, long durationMs);

    [LoggerMessage(5, LogLevel.Information, "{Script} was applied by another runner meanwhile; skipped", EventName = "migration_skipped")]
    public static partial void AlreadyApplied(ILogger logger, string script);

    [LoggerMessage(6, LogLevel.Error, "{Script} failed after {DurationMs} ms and was rolled back: {Error}", EventName = "migration_failed")]
    public static partial void Failed(ILogger logger, string script, long durationMs, string error);

    [LoggerMessage(7, LogLevel.Warning, "{Location}: {Message}", EventName = "validation_warning")]
    public static partial void ProblemWarning(ILogger logger, string location, string message);

    [LoggerMessage(8, LogLevel.Information, "Applying {Script}", EventName = "migration_started")]
    public static partial void Applying(ILogger logger, string script);

    [LoggerMessage(9, LogLevel.Information, "Database reachable after {Attempts} attempt(s)", EventName = "database_reachable")]
    public static partial void Reachable(ILogger logger, int attempts);

    [LoggerMessage(30, LogLevel.Information, "{Script}: every statement ({Count}) must run outside a transaction ({Command}); running it without one, statement by statement, with progress recorded", EventName = "no_transaction_detected")]
    public static partial void NoTransactionDetected(ILogger logger, string script, string command, int count);

    [LoggerMessage(31, LogLevel.Warning, "{Script}: resuming at statement {Next} of {Count}; statements 1-{Done} were applied by an earlier run", EventName = "migration_resumed")]
    public static partial void Resuming(ILogger logger, string script, int next, int count, int done);

    [LoggerMessage(32, LogLevel.Information, "{Script}: statement {Index} of {Count} (line {Line}) done in {DurationMs} ms", EventName = "statement_done")]
    public static partial void StatementDone(ILogger logger, string script, int index, int count, int line, long durationMs);

    [LoggerMessage(33, LogLevel.Error, "{Script}: statement {Index} of {Count} (line {Line}) failed; earlier statements stay applied and the next run resumes here: {Error}", EventName = "statement_failed")]
    public static partial void NonTransactionalFailed(ILogger logger, string script, int index, int count, int line, string error);
}
