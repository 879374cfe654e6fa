using System.Text.Json.Serialization;

namespace Slipway.Cli.Output;

/// <summary>The shape of <c>status --log-format json</c>.</summary>
internal sealed record StatusDocument(
    string Event,
    string Database,
    string? CurrentVersion,
    int Pending,
    IReadOnlyList<StatusRow> Migrations,
    IReadOnlyList<ProblemRow> Problems,
    IReadOnlyList<string> WaitingForPostDeploy);

/// <summary>One migration in a status or plan document.</summary>
internal sealed record StatusRow(
    string? Version,
    string Description,
    string Script,
    string Kind,
    string Phase,
    string State,
    DateTimeOffset? AppliedAt,
    string? AppliedBy,
    long? ExecutionMs,
    string? Directives);

/// <summary>A validation problem in a document.</summary>
internal sealed record ProblemRow(string Severity, string Code, string Location, string Message);

/// <summary>The last line of every run in JSON mode: what alerting keys on.</summary>
internal sealed record SummaryDocument(
    string Event,
    string Command,
    string Status,
    int ExitCode,
    int Applied,
    string? CurrentVersion,
    long DurationMs,
    string? Error);

/// <summary>The shape of <c>drift --log-format json</c>: every object that differs.</summary>
internal sealed record DriftDocument(
    string Event,
    string Database,
    string? Version,
    int Replayed,
    int Excluded,
    IReadOnlyList<DriftRow> Differences,
    IReadOnlyList<string> Notes);

/// <summary>One drifted object: <c>extra</c> (no migration created it), <c>missing</c> or <c>changed</c>.</summary>
internal sealed record DriftRow(string Change, string Object, string? Expected, string? Actual);

/// <summary>Source-generated serialisation: no reflection, so the NativeAOT binary stays small and warning-free.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(SummaryDocument))]
[JsonSerializable(typeof(DriftDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
