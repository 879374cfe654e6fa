using Slipway.History;

namespace Slipway.Execution;

/// <summary>How the engine runs. Every value has a safe default.</summary>
public sealed record MigratorOptions
{
    /// <summary>How long to wait for another runner's lock before failing with exit code 3. Default 5 minutes.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to keep retrying a database that refuses connections. Default: no wait.</summary>
    public TimeSpan ConnectWait { get; init; } = TimeSpan.Zero;

    /// <summary>Timeouts applied to every migration unless a directive overrides them. Default <c>lock_timeout</c> 5 s.</summary>
    public ExecutionSettings Defaults { get; init; } = new(LockTimeout: TimeSpan.FromSeconds(5));

    /// <summary>How a migration that hit its <c>lock_timeout</c> is retried. Default: 10 retries with backoff from 500 ms to 30 s.</summary>
    public LockRetryPolicy LockRetries { get; init; } = LockRetryPolicy.Default;

    /// <summary>Who is running, recorded in history.</summary>
    public RunIdentity Identity { get; init; } = RunIdentity.Local;

    /// <summary>
    /// Values of the <c>${name}</c> placeholders in scripts, e.g. <c>["tenant"] = "acme"</c>. Names are letters,
    /// digits and underscores and ignore case. A placeholder without a value is a validation error naming
    /// the file and line. Values are never logged; checksums are over the scripts as written, so changing a
    /// value does not make an applied migration read as edited. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; init; } = new Dictionary<string, string>();

    /// <summary>Hooks for backups, audit events and metrics, called in order. Default: none.</summary>
    public IReadOnlyList<IMigrationObserver> Observers { get; init; } = [];
}
