using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What a <c>rollback</c> did (or, in a dry run, would do).</summary>
public sealed record RollbackReport
{
    /// <summary>The migrations to undo, newest first.</summary>
    public required IReadOnlyList<RollbackStep> Steps { get; init; }

    /// <summary>One result per step run (empty in a dry run).</summary>
    public IReadOnlyList<MigrationResult> Results { get; init; } = [];

    /// <summary>The newest applied version after the run (before it, in a dry run).</summary>
    public MigrationVersion? CurrentVersion { get; init; }

    /// <summary>True when nothing was changed on purpose.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many migrations this run rolled back.</summary>
    public int RolledBackCount => Results.Count(r => r.Status == MigrationStatus.Applied);
}
