namespace Slipway.Fleets;

/// <summary>One target's result in a fleet run.</summary>
/// <param name="Target">The target.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Outcome">What the operation did; null unless it succeeded.</param>
/// <param name="Error">Why it failed; null unless it failed. Its message never contains a password.</param>
/// <param name="Elapsed">How long the target took.</param>
public sealed record FleetTargetResult(FleetTarget Target, FleetTargetStatus Status, FleetOutcome? Outcome, Exception? Error, TimeSpan Elapsed);
