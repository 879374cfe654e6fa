namespace Slipway.Cli.Operations;

/// <summary>The facts of one migrate run that monitoring needs.</summary>
internal sealed record RunMetrics(
    string Database,
    bool Success,
    int ExitCode,
    TimeSpan Duration,
    int Applied,
    string? CurrentVersion,
    DateTimeOffset FinishedAt);
