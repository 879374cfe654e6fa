using System.Diagnostics;

namespace Slipway.Testing;

/// <summary>Starts the real slipway binary in a folder against one database URL (any provider) with extra settings.</summary>
public sealed class SlipwayRunner(TempDirectory dir, string databaseUrl, params (string Key, string Value)[] settings)
{
    /// <summary>The environment each run gets: DATABASE_URL and the extra settings.</summary>
    public Dictionary<string, string?> Environment()
    {
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>Starts one run (<c>migrate</c> when no arguments are given) without waiting for it.</summary>
    public RunningProcess Start(params string[] args) => SlipwayProcess.Start(dir.Path, Environment(), args.Length == 0 ? ["migrate"] : args);

    /// <summary>Runs once (<c>migrate</c> when no arguments are given) to the end.</summary>
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

    /// <summary>
    /// Sends SIGTERM, as Kubernetes does to stop a pod, and waits for the process: it must exit with
    /// code 6 (interrupted) within 5 seconds. <paramref name="log"/> gets the time it took.
    /// </summary>
    public static async Task<ProcessResult> InterruptAsync(RunningProcess process, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        var clock = Stopwatch.StartNew();
        process.Signal(15);
        var result = await process.WaitAsync(TimeSpan.FromSeconds(20));
        log?.Invoke($"SIGTERM to exit: {clock.ElapsedMilliseconds} ms");
        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"exit took {clock.ElapsedMilliseconds} ms");
        return result;
    }

    /// <summary>Waits until the process has written <paramref name="text"/> to stdout.</summary>
    public static async Task WaitForOutputAsync(RunningProcess process, string text, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!process.Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (process.Process.HasExited || clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException($"slipway never wrote '{text}':\n{process.Stdout}");
            }

            await Task.Delay(10);
        }
    }
}
