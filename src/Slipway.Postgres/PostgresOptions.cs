using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>Settings of the PostgreSQL provider. Build them with <see cref="PostgresConnectionUrl.Parse"/>.</summary>
public sealed record PostgresOptions
{
    /// <summary>An Npgsql connection string. Contains the password: never log it.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The target with the password removed, for messages.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The history table.</summary>
    public HistoryTable HistoryTable { get; init; } = new();

    /// <summary>Limits schema snapshots to this schema (a verify scratch schema); null: every user schema.</summary>
    internal string? SnapshotSchema { get; init; }

    /// <summary>The folder of the client tools <c>squash</c> runs (<c>pg_dump</c>); null: the PATH.</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>How runners exclude each other. Default: <see cref="PostgresLockMode.Advisory"/>.</summary>
    public PostgresLockMode LockMode { get; init; } = PostgresLockMode.Advisory;

    /// <summary>
    /// Lease mode only: how long a lease lives without a heartbeat (renewed every third of it). A dead
    /// holder blocks others for at most this long. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connections shared by the targets of one fleet run; null (the default): each session opens a
    /// connection of its own. With it, in advisory lock mode, a session borrows a connection from the run's
    /// pool of this server, sets the target's <c>search_path</c> on it, and gives it back reset with
    /// <c>DISCARD ALL</c>. A target with a <c>search_path</c> then has an empty one as its session default:
    /// a <c>RESET ALL</c> in a migration leaves no schema to create in rather than another tenant's.
    /// </summary>
    public Fleets.SharedConnections? SharedConnections { get; init; }

    /// <summary>
    /// The run's default <c>lock_timeout</c>/<c>statement_timeout</c>. In advisory mode they are sent as
    /// connection startup options, so they are the session's defaults: a <c>RESET</c> or <c>RESET ALL</c>
    /// inside a migration returns to them instead of to "no limit". Default: lock_timeout 5 s.
    /// </summary>
    public ExecutionSettings SessionDefaults { get; init; } = new(LockTimeout: TimeSpan.FromSeconds(5));
}
