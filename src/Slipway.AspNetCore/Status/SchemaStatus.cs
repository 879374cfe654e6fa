using System.Globalization;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.AspNetCore.Status;

/// <summary>
/// One look at the schema from the app's point of view: what it was built with, what the database
/// has, and what is still missing. The readiness check, the status page and the metrics all read it.
/// </summary>
internal sealed record SchemaStatus
{
    public required DateTimeOffset CheckedAt { get; init; }

    public required string Database { get; init; }

    /// <summary>Why the database could not be read; null when it could.</summary>
    public string? Error { get; init; }

    public MigrationVersion? CurrentVersion { get; init; }

    /// <summary>The newest versioned migration the app was built with.</summary>
    public MigrationVersion? ExpectedVersion { get; init; }

    public IReadOnlyList<StatusEntry> Entries { get; init; } = [];

    public IReadOnlyList<ValidationProblem> Problems { get; init; } = [];

    /// <summary>Pre-deploy migrations the app needs that are not applied (or were edited since): the reasons it is not ready.</summary>
    public IReadOnlyList<StatusEntry> Missing { get; init; } = [];

    /// <summary>Contract steps still to run after the rollout; they never hold back readiness (the rollout must finish first).</summary>
    public IReadOnlyList<StatusEntry> PostDeployPending { get; init; } = [];

    /// <summary>Validation errors that make the app's view of the schema unreliable (edited or broken migrations).</summary>
    public IReadOnlyList<ValidationProblem> Errors { get; init; } = [];

    public MigrationFailure? LastFailure { get; init; }

    /// <summary>The newest result of <c>slipway drift --record</c>; null when none was recorded (or it cannot be read).</summary>
    public DriftCheck? Drift { get; init; }

    public bool IsReady => Error is null && Missing.Count == 0 && Errors.Count == 0;

    public int PendingCount => Missing.Count(e => e.State != MigrationState.Modified) + PostDeployPending.Count;

    /// <summary>
    /// The version as a number for a gauge: the version itself when it is a whole number (1, 42,
    /// 20240131120000), otherwise how many versioned migrations are applied.
    /// </summary>
    public double? NumericVersion => CurrentVersion is null
        ? null
        : double.TryParse(CurrentVersion.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)
            ? whole
            : Entries.Count(e => e.Version is not null && e.State == MigrationState.Applied);

    public string Summary()
    {
        if (Error is not null)
        {
            return "Cannot read the schema of " + Database + ": " + Error;
        }

        var current = CurrentVersion?.Text ?? "(empty)";
        var expected = ExpectedVersion?.Text ?? "(none)";
        if (IsReady)
        {
            var contract = PostDeployPending.Count == 0 ? string.Empty : "; post-deploy pending: " + string.Join(", ", PostDeployPending.Select(e => e.Script));
            return $"Schema at version {current}; this app needs {expected}{contract}";
        }

        var reasons = Missing.Select(e => e.State == MigrationState.Modified ? e.Script + " (edited after it was applied)" : e.Script)
            .Concat(Errors.Where(p => p.Code != "checksum-mismatch").Select(p => p.Location + ": " + p.Message));
        return $"Schema at version {current}; this app needs {expected}; missing: {string.Join(", ", reasons)}";
    }
}
