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

    [LoggerMessage(15, LogLevel.Information, "Another runner holds the migration lock (holder: {Holder}); waiting until it is released, then checking again whether anything is still pending", EventName = "lock_busy")]
    public static partial void LockBusy(ILogger logger, string holder);

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

    [LoggerMessage(34, LogLevel.Information, "{Script}: {Command} commits implicitly on this database, so the migration cannot be atomic; running its {Count} statement(s) one by one, each recorded as it commits", EventName = "implicit_commit")]
    public static partial void ImplicitCommit(ILogger logger, string script, string command, int count);

    [LoggerMessage(35, LogLevel.Information, "{Script}: setting the session state of line {Line} again for the resumed run", EventName = "session_state_replayed")]
    public static partial void SessionStateReplayed(ILogger logger, string script, int line);

    [LoggerMessage(31, LogLevel.Warning, "{Script}: resuming at statement {Next} of {Count}; {Done} statement(s) before it were applied by an earlier run", EventName = "migration_resumed")]
    public static partial void Resuming(ILogger logger, string script, int next, int count, int done);

    [LoggerMessage(32, LogLevel.Information, "{Script}: statement {Index} of {Count} (line {Line}) done in {DurationMs} ms", EventName = "statement_done")]
    public static partial void StatementDone(ILogger logger, string script, int index, int count, int line, long durationMs);

    [LoggerMessage(33, LogLevel.Error, "{Script}: statement {Index} of {Count} (line {Line}) failed; earlier statements stay applied and the next run resumes here: {Error}", EventName = "statement_failed")]
    public static partial void NonTransactionalFailed(ILogger logger, string script, int index, int count, int line, string error);
    [LoggerMessage(20, LogLevel.Information, "Rolling back version {Version} with {DownScript} (from {Source})", EventName = "rollback_started")]
    public static partial void RollingBack(ILogger logger, string version, string downScript, string source);

    [LoggerMessage(21, LogLevel.Information, "Rolled back version {Version} in {DurationMs} ms", EventName = "rolled_back")]
    public static partial void RolledBack(ILogger logger, string version, long durationMs);

    [LoggerMessage(22, LogLevel.Information, "Version {Version} was rolled back by another runner meanwhile; skipped", EventName = "rollback_skipped")]
    public static partial void RollbackSkipped(ILogger logger, string version);

    [LoggerMessage(23, LogLevel.Information, "Verified {Script}: up, down, up leave the schema as expected ({DurationMs} ms)", EventName = "migration_verified")]
    public static partial void Verified(ILogger logger, string script, long durationMs);

    [LoggerMessage(24, LogLevel.Warning, "{Script} is marked irreversible; applied on the scratch target without a down check", EventName = "verify_irreversible")]
    public static partial void VerifyIrreversible(ILogger logger, string script);

    [LoggerMessage(25, LogLevel.Information, "Created {Scratch} for verification", EventName = "scratch_created")]
    public static partial void ScratchCreated(ILogger logger, string scratch);

    [LoggerMessage(26, LogLevel.Information, "Dry run: executed {Count} migration(s) in one transaction in {DurationMs} ms and rolled it back", EventName = "dry_run_executed")]
    public static partial void DryRunExecuted(ILogger logger, int count, long durationMs);

    [LoggerMessage(27, LogLevel.Information, "Baseline recorded at version {Version}", EventName = "baseline_recorded")]
    public static partial void BaselineRecorded(ILogger logger, string version);

    [LoggerMessage(28, LogLevel.Information, "Repair: {Change}", EventName = "repair_change")]
    public static partial void Repaired(ILogger logger, string change);
    [LoggerMessage(10, LogLevel.Warning, "{Script} waited longer than its lock_timeout; nothing of that attempt was kept; retry {Retry} of {MaxRetries} in {DelayMs} ms. Blocked by: {Blockers}", EventName = "lock_timeout_retry")]
    public static partial void LockTimeoutRetry(ILogger logger, string script, int retry, int maxRetries, long delayMs, string blockers);

    [LoggerMessage(11, LogLevel.Error, "{Script} still could not get its table locks after {MaxRetries} retries. Blocked by: {Blockers}", EventName = "lock_timeout_gave_up")]
    public static partial void LockTimeoutGaveUp(ILogger logger, string script, int maxRetries, string blockers);

    [LoggerMessage(12, LogLevel.Warning, "Interrupted: {Script} was rolled back; nothing of it remains and the next run applies it", EventName = "migration_interrupted")]
    public static partial void Interrupted(ILogger logger, string script);

    [LoggerMessage(13, LogLevel.Warning, "Interrupted: let the running non-transactional statement of {Script} finish and recorded it; stopping now", EventName = "migration_interrupted_after_statement")]
    public static partial void InterruptedAfterStatement(ILogger logger, string script);

    [LoggerMessage(14, LogLevel.Information, "Migration lock released", EventName = "lock_released")]
    public static partial void LockReleased(ILogger logger);

    [LoggerMessage(60, LogLevel.Warning, "Could not read the histories of {Count} fleet target(s) at once; each is read on its own: {Reason}", EventName = "fleet_prefetch_failed")]
    public static partial void FleetPrefetchFailed(ILogger logger, int count, string reason);
}
