using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>Runs the real slipway binary in a temp folder with a given DATABASE_URL.</summary>
internal sealed class Cli(TempDirectory dir, string? databaseUrl)
{
    public Dictionary<string, string?> Environment { get; } = databaseUrl is null ? [] : new() { ["DATABASE_URL"] = databaseUrl };

    public Task<ProcessResult> RunAsync(params string[] args) =>
        SlipwayProcess.RunAsync(dir.Path, Environment, args);

    public RunningProcess Start(params string[] args) => SlipwayProcess.Start(dir.Path, Environment, args);
}
