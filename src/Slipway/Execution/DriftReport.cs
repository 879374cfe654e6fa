using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What <c>drift</c> found: every object where the live schema differs from the one its history says it has.</summary>
public sealed record DriftReport
{
    /// <summary>The version the database is at, whose migrations built the expected schema.</summary>
    public MigrationVersion? Version { get; init; }

    /// <summary>How many migrations were replayed to build the expected schema.</summary>
    public int Replayed { get; init; }

    /// <summary>The scratch target the expected schema was built on, now dropped.</summary>
    public required string Scratch { get; init; }

    /// <summary>
    /// Every difference, in key order: <see cref="SchemaDifference.Expected"/> null for an object that exists
    /// but no migration created, <see cref="SchemaDifference.Actual"/> null for one that is missing.
    /// </summary>
    public required IReadOnlyList<SchemaDifference> Differences { get; init; }

    /// <summary>How many objects the exclusions left out.</summary>
    public int Excluded { get; init; }

    /// <summary>Things the comparison could not take into account, for the reader (e.g. a repeatable edited since it ran).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when the live schema differs.</summary>
    public bool HasDrift => Differences.Count > 0;
}
