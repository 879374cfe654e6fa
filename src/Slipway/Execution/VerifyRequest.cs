namespace Slipway.Execution;

/// <summary>What <c>verify</c> should check.</summary>
public sealed record VerifyRequest
{
    /// <summary>Accept migrations marked <c>-- slipway: irreversible</c> (applied without a down check) instead of failing.</summary>
    public bool AllowIrreversible { get; init; }

    /// <summary>Verify every versioned migration on disk, not only the pending ones.</summary>
    public bool All { get; init; }
}
