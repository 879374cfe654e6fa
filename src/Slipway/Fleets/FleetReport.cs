namespace Slipway.Fleets;

/// <summary>The result of a fleet run: one entry per target of the run (its shard), in target order.</summary>
public sealed record FleetReport
{
    /// <summary>Every target of the run, in target order.</summary>
    public required IReadOnlyList<FleetTargetResult> Results { get; init; }

    /// <summary>How many targets the whole list had before sharding.</summary>
    public int Listed { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>How many targets succeeded.</summary>
    public int Succeeded => Results.Count(r => r.Status == FleetTargetStatus.Succeeded);

    /// <summary>How many targets failed.</summary>
    public int Failed => Results.Count(r => r.Status == FleetTargetStatus.Failed);

    /// <summary>How many targets were not started.</summary>
    public int NotStarted => Results.Count(r => r.Status == FleetTargetStatus.NotStarted);

    /// <summary>True when every target of the run succeeded.</summary>
    public bool AllSucceeded => Results.All(r => r.Status == FleetTargetStatus.Succeeded);

    /// <summary>How many succeeded targets are at each version (null: no version yet), highest version first.</summary>
    public IReadOnlyList<KeyValuePair<string?, int>> Versions =>
    [
        .. Results.Where(r => r.Outcome is not null)
            .GroupBy(r => r.Outcome!.Version)
            .OrderByDescending(g => g.Key is null ? null : Discovery.MigrationVersion.TryParse(g.Key))
            .Select(g => new KeyValuePair<string?, int>(g.Key, g.Count())),
    ];
}
