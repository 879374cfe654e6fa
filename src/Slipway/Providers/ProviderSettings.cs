using Microsoft.Extensions.Logging;
using Slipway.Execution;

namespace Slipway.Providers;

/// <summary>Everything a host knows about the target database, for <see cref="IProviderFactory.Create"/>.</summary>
public sealed record ProviderSettings
{
    /// <summary>The database URL or connection string. Contains the password: never logged.</summary>
    public required string Url { get; init; }

    /// <summary>The history table's schema; null for the provider's default. A provider without schemas refuses a value.</summary>
    public string? HistorySchema { get; init; }

    /// <summary>
    /// The one schema that schema snapshots (drift) cover, for a target that is a schema of a shared
    /// database (a fleet's tenant schema); null: every schema of the database. A provider without schemas ignores it.
    /// </summary>
    public string? SnapshotSchema { get; init; }

    /// <summary>The history table's name.</summary>
    public string HistoryTable { get; init; } = History.HistoryTable.DefaultName;

    /// <summary>How long to wait for another runner's lock (SQLite: the busy timeout of the file).</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Lock timeout and statement timeout of each migration, unless a directive says otherwise.</summary>
    public ExecutionSettings SessionDefaults { get; init; } = new(LockTimeout: TimeSpan.FromSeconds(5));

    /// <summary>
    /// The provider's own lock mode by name (PostgreSQL: <c>advisory</c> or <c>lease</c>); null for the
    /// provider's default. A provider with only one way to lock refuses any other value.
    /// </summary>
    public string? LockMode { get; init; }

    /// <summary>Lease lock mode: how long a lease lives without a heartbeat.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder of the provider's client tools used for backups and <c>squash</c> (e.g. <c>pg_dump</c>); null: the PATH.</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>
    /// Connections shared by the targets of one fleet run (see <see cref="Fleets.SharedConnections"/>); null:
    /// the provider opens a connection of its own per session. A provider that cannot share ignores it.
    /// </summary>
    public Fleets.SharedConnections? SharedConnections { get; init; }

    /// <summary>Where providers log; null for no logging.</summary>
    public ILoggerFactory? Loggers { get; init; }
}
