namespace Slipway.Faults.Tests;

/// <summary>
/// Fault tests start many processes and measure timings: they run one after another (not in parallel
/// with each other) so they do not starve each other on a small CI machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsGroup
{
    public const string Name = "faults";
}
