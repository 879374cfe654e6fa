namespace Slipway.Execution;

/// <summary>What <c>verify</c> proved.</summary>
public sealed record VerifyReport
{
    /// <summary>The scratch target used (already dropped).</summary>
    public required string Scratch { get; init; }

    /// <summary>Migrations proven reversible (up, down, up), in order.</summary>
    public required IReadOnlyList<string> Verified { get; init; }

    /// <summary>Migrations marked irreversible and accepted with <see cref="VerifyRequest.AllowIrreversible"/>.</summary>
    public required IReadOnlyList<string> Irreversible { get; init; }

    /// <summary>Migrations only applied to bring the scratch target to the database's current state.</summary>
    public int Prerequisites { get; init; }
}
