using System.Text.Json.Serialization;
using Slipway.Cli.Output;

namespace Slipway.Cli.Fleets;

/// <summary>The last document of a fleet run in JSON mode (before the run's summary): what happened to the fleet.</summary>
internal sealed record FleetSummaryDocument(
    string Event,
    string Command,
    int Listed,
    int Targets,
    string? Shard,
    int Succeeded,
    int Failed,
    int NotStarted,
    string? LatestVersion,
    IReadOnlyList<FleetVersionRow> Versions,
    IReadOnlyList<FleetLagRow> Lagging,
    IReadOnlyList<FleetFailureRow> Failures,
    IReadOnlyList<FleetDriftRow> Drifted,
    long DurationMs);

/// <summary>How many targets are at one version.</summary>
internal sealed record FleetVersionRow(string? Version, int Targets);

/// <summary>A target behind the newest migration.</summary>
internal sealed record FleetLagRow(string Target, string Tenant, string? Version, int Pending);

/// <summary>A failed target and why.</summary>
internal sealed record FleetFailureRow(string Target, string Tenant, int ExitCode, string Error);

/// <summary>A target whose live schema differs from the one its applied migrations build (<c>fleet drift</c>).</summary>
internal sealed record FleetDriftRow(string Target, string Tenant, string? Version, int Differences, IReadOnlyList<DriftRow> Objects);

/// <summary>Source-generated serialisation of the fleet documents (no reflection: NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FleetSummaryDocument))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
