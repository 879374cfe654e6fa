namespace Slipway.Execution;

/// <summary>What <c>schema check</c> found.</summary>
public sealed record SchemaCheckReport
{
    /// <summary>The scratch target the migrations were replayed on, now dropped.</summary>
    public required string Scratch { get; init; }

    /// <summary>How many migrations were replayed.</summary>
    public int Replayed { get; init; }

    /// <summary>A unified diff from the committed file to the schema the migrations build; empty when they match.</summary>
    public required string Diff { get; init; }

    /// <summary>The schema file the migrations build, to write over the committed one when the change is intended.</summary>
    public required string Expected { get; init; }

    /// <summary>True when the committed file matches.</summary>
    public bool Matches => Diff.Length == 0;
}
