using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What a <c>migrate</c> run did.</summary>
public sealed record MigrateReport
{
    /// <summary>One result per migration attempted, in order.</summary>
    public required IReadOnlyList<MigrationResult> Results { get; init; }

    /// <summary>The newest applied version after the run.</summary>
    public MigrationVersion? CurrentVersion { get; init; }

    /// <summary>True when nothing was pending and the run ended without taking the lock.</summary>
    public bool FastPath { get; init; }

    /// <summary>How many migrations this run applied.</summary>
    public int AppliedCount => Results.Count(r => r.Status == MigrationStatus.Applied);

    /// <summary>Total wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }
}
