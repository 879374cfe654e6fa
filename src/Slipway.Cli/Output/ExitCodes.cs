namespace Slipway.Cli.Output;

/// <summary>
/// The process exit codes. They are a contract (listed in docs/cli.md, which a test compares with this
/// class): alerting and CI scripts depend on them, so a value is never reused for another meaning.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything requested was done (or nothing was pending).</summary>
    public const int Success = 0;

    /// <summary>A migration's SQL failed; it was rolled back (transactional) or stopped (non-transactional).</summary>
    public const int MigrationFailed = 1;

    /// <summary>Validation found problems; nothing was applied.</summary>
    public const int ValidationFailed = 2;

    /// <summary>Another runner held the migration lock for longer than the lock wait, or this run lost its lease.</summary>
    public const int LockTimeout = 3;

    /// <summary>The database did not accept connections within the connect wait, or refused the credentials.</summary>
    public const int DatabaseUnreachable = 4;

    /// <summary>The connection was lost during a run; the current migration was rolled back by the server.</summary>
    public const int ConnectionLost = 5;

    /// <summary>The run was interrupted (SIGTERM/SIGINT) and stopped cleanly after rolling back.</summary>
    public const int Interrupted = 6;

    /// <summary><c>slipway lint</c> (or <c>migrate --lint</c>) found errors; nothing was applied.</summary>
    public const int LintFailed = 10;

    /// <summary>Lint could not run: libpg_query (PostgreSQL's parser library) is not installed.</summary>
    public const int LintUnavailable = 11;

    /// <summary>The backup before migrating failed or could not be verified; nothing was applied.</summary>
    public const int BackupFailed = 12;

    /// <summary><c>slipway drift</c> found the live schema differs from what its history says, or <c>schema check</c> found the committed schema file out of date.</summary>
    public const int DriftFound = 13;

    /// <summary><c>slipway fleet</c>: one or more targets failed (or were not started after a failure); every other target succeeded. The summary names each failed target.</summary>
    public const int PartialFailure = 20;

    /// <summary>Bad command line or configuration (an unknown flag, an invalid <c>DATABASE_URL</c>, a history table of another shape).</summary>
    public const int UsageError = 64;

    /// <summary>An unexpected error inside slipway (a bug): one sentence is printed, never a stack trace.</summary>
    public const int InternalError = 70;

    /// <summary>The database refused Slipway for lack of a privilege, or because it is read-only; nothing was changed.</summary>
    public const int AccessDenied = 77;
}
