namespace Slipway.Fleets;

/// <summary>How a fleet run is scheduled. Every value has a safe default.</summary>
public sealed record FleetOptions
{
    /// <summary>How many targets run at once. Default 4.</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>
    /// How many targets of one server run at once, whatever <see cref="Parallel"/> says: each running target
    /// holds one connection. Give the same number to the run's <see cref="SharedConnections"/>, which then
    /// keeps at most this many connections to a server, busy and idle together. Default 10.
    /// </summary>
    public int MaxConnectionsPerServer { get; init; } = 10;

    /// <summary>The first this many targets (in target order) run first, one by one; if one fails, no other target starts. Default 0.</summary>
    public int Canary { get; init; }

    /// <summary>What happens after a target failed. Default <see cref="FleetErrorPolicy.Stop"/>.</summary>
    public FleetErrorPolicy OnError { get; init; } = FleetErrorPolicy.Stop;

    /// <summary>Only the targets of this shard run; null: all of them.</summary>
    public FleetShard? Shard { get; init; }
}
