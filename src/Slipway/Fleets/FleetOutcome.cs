namespace Slipway.Fleets;

/// <summary>What an operation did on one target.</summary>
/// <param name="Version">The target's schema version afterwards; null when nothing is applied.</param>
/// <param name="Changed">How many migrations the operation applied (or rolled back) on the target.</param>
/// <param name="Pending">The scripts still pending on the target afterwards, in the order they would run.</param>
public sealed record FleetOutcome(string? Version, int Changed, IReadOnlyList<string> Pending)
{
    /// <summary>The target's drift check (<see cref="Fleet.DriftAsync"/>); null for every other operation.</summary>
    public Execution.DriftReport? Drift { get; init; }
}
