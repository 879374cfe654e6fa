using Slipway.Discovery;

namespace Slipway.Planning;

/// <summary>What a run should do: up to which version, in which phase, and how strict to be.</summary>
public sealed record PlanRequest
{
    /// <summary>Apply versioned migrations up to and including this version; null: all.</summary>
    public MigrationVersion? Target { get; init; }

    /// <summary>Only migrations of this phase; null: all phases in version order.</summary>
    public MigrationPhase? Phase { get; init; }

    /// <summary>Allow applying a pending migration older than the newest applied one.</summary>
    public bool OutOfOrder { get; init; }
}
