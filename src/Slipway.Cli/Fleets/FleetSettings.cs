using Slipway.Fleets;

namespace Slipway.Cli.Fleets;

/// <summary>A fleet run's own settings, resolved from flags and environment.</summary>
internal sealed record FleetSettings
{
    public string? TargetsFile { get; init; }

    public string? TargetsQuery { get; init; }

    public string? TargetsGlob { get; init; }

    public required FleetOptions Schedule { get; init; }
}
