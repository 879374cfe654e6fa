using Slipway.Discovery;

namespace Slipway.History;

/// <summary>
/// A history row to write. The provider fills in the timings and the database role
/// (<c>started_at</c>, <c>finished_at</c>, <c>execution_ms</c>, <c>applied_by</c>) itself.
/// </summary>
public sealed record HistoryRecord
{
    /// <summary>The version; null for repeatables and audit rows.</summary>
    public MigrationVersion? Version { get; init; }

    /// <summary>The description.</summary>
    public required string Description { get; init; }

    /// <summary>What the row records.</summary>
    public required MigrationKind Kind { get; init; }

    /// <summary>The script's file name.</summary>
    public required string Script { get; init; }

    /// <summary>The checksum; null for baseline and audit rows.</summary>
    public string? Checksum { get; init; }

    /// <summary>The checksum's algorithm.</summary>
    public int ChecksumAlgorithm { get; init; } = Discovery.Checksum.CurrentAlgorithm;

    /// <summary>The phase.</summary>
    public MigrationPhase Phase { get; init; }

    /// <summary>The host (pod name).</summary>
    public string? Host { get; init; }

    /// <summary>The application version.</summary>
    public string? AppVersion { get; init; }

    /// <summary>True unless recording a non-transactional migration still in progress.</summary>
    public bool Success { get; init; } = true;

    /// <summary>Statements completed (non-transactional migrations).</summary>
    public int StatementsDone { get; init; }

    /// <summary>The down script's text, stored so an older image can roll this migration back.</summary>
    public string? DownScript { get; init; }

    /// <summary>The backup file taken before this migration.</summary>
    public string? BackupFile { get; init; }

    /// <summary>Free text for audit rows.</summary>
    public string? Note { get; init; }

    /// <summary>When re-writing an existing row (repair): its original start time; null: now.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When re-writing an existing row (repair): its original finish time; null: now.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When re-writing an existing row (repair): its original duration; null: measured.</summary>
    public long? ExecutionMs { get; init; }

    /// <summary>When re-writing an existing row (repair): the role that applied it; null: the current role.</summary>
    public string? AppliedBy { get; init; }

    /// <summary>The record for applying <paramref name="script"/>.</summary>
    public static HistoryRecord For(MigrationScript script, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(identity);
        return new HistoryRecord
        {
            Version = script.Version,
            Description = script.Description,
            Kind = script.Kind,
            Script = script.Name,
            Checksum = script.Checksum,
            Phase = script.Phase,
            Host = identity.Host,
            AppVersion = identity.AppVersion,
            DownScript = script.DownSql,
        };
    }
}
