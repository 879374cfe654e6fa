namespace Slipway.Fleets;

/// <summary>What a fleet run does after a target failed.</summary>
public enum FleetErrorPolicy
{
    /// <summary>Start no new target; the ones already running finish.</summary>
    Stop,

    /// <summary>Go on with every other target.</summary>
    Continue,
}
