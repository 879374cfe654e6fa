namespace Slipway.Fleets;

/// <summary>How one target of a fleet run ended.</summary>
public enum FleetTargetStatus
{
    /// <summary>The operation succeeded on this target.</summary>
    Succeeded,

    /// <summary>The operation failed on this target; see <see cref="FleetTargetResult.Error"/>.</summary>
    Failed,

    /// <summary>Not started: a canary or (with <see cref="FleetErrorPolicy.Stop"/>) another target failed first, or the run was cancelled.</summary>
    NotStarted,
}
