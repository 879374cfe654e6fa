using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>Starts the real slipway binary in a folder against one MariaDB database with extra settings.</summary>
internal sealed class MySqlRunner(TempDirectory dir, string databaseUrl, params (string Key, string Value)[] settings)
{
    public Dictionary<string, string?> Environment()
    {
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }

        return env;
    }

    public RunningProcess Start(params string[] args) => SlipwayProcess.Start(dir.Path, Environment(), args.Length == 0 ? ["migrate"] : args);

    public Task<ProcessResult> RunAsync(params string[] args) => SlipwayProcess.RunAsync(dir.Path, Environment(), args.Length == 0 ? ["migrate"] : args);

    /// <summary>Starts <paramref name="count"/> migrate runs at once and waits for all of them.</summary>
    public async Task<ProcessResult[]> RunAtOnceAsync(int count, TimeSpan timeout)
    {
        var processes = Enumerable.Range(0, count).Select(_ => Start()).ToList();
        try
        {
            return await Task.WhenAll(processes.Select(p => p.WaitAsync(timeout)));
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
    }
}
