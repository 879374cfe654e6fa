using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What <c>plan --execute</c> proved.</summary>
public sealed record DryRunReport
{
    /// <summary>Transactional migrations executed (and rolled back), in order, with their durations.</summary>
    public required IReadOnlyList<MigrationResult> Executed { get; init; }

    /// <summary>Non-transactional migrations that cannot run inside the dry-run transaction.</summary>
    public required IReadOnlyList<MigrationScript> NotExecuted { get; init; }

    /// <summary>The database's version, unchanged.</summary>
    public MigrationVersion? CurrentVersion { get; init; }
}
