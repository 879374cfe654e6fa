using System.Diagnostics;
using System.Text;

namespace Slipway.Testing;

/// <summary>The outcome of one <c>slipway</c> process.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string All => Stdout + Stderr;

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Starts the real <c>slipway</c> binary: the NativeAOT build named by SLIPWAY_BIN (set by scripts/test.sh),
/// otherwise the framework-dependent build run with <c>dotnet</c>.
/// </summary>
public static class SlipwayProcess
{
    /// <summary>The command and leading arguments that start slipway.</summary>
    public static (string FileName, string[] Prefix) Command { get; } = Locate();

    /// <summary>Starts slipway without waiting; stdout/stderr are captured into the returned builders.</summary>
    public static RunningProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        StartUnder([], workingDirectory, environment, args);

    /// <summary>Starts slipway through <paramref name="wrapper"/> (a command and its arguments, e.g. <c>setpriv ...</c>).</summary>
    public static RunningProcess StartUnder(IReadOnlyList<string> wrapper, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Launch(wrapper.Count > 0 ? wrapper[0] : Command.FileName,
            wrapper.Skip(1).Concat(wrapper.Count > 0 ? new[] { Command.FileName } : []).Concat(Command.Prefix).Concat(args), workingDirectory, environment);

    /// <summary>Starts the slipway binary at <paramref name="binary"/> (a copy of the NativeAOT build, say) instead of the suite's own.</summary>
    public static RunningProcess StartBinary(string binary, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Launch(binary, args, workingDirectory, environment);

    private static RunningProcess Launch(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        // A clean environment for what Slipway reads, so the developer's own settings never leak in.
        foreach (var key in info.Environment.Keys.Where(k => k is "DATABASE_URL" || k.StartsWith("SLIPWAY_", StringComparison.Ordinal) && k != "SLIPWAY_BIN").ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningProcess(process, stdout, stderr);
    }

    /// <summary>Runs slipway to completion (at most <paramref name="timeout"/>, default 2 minutes).</summary>
    public static async Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args, TimeSpan? timeout = null)
    {
        using var running = Start(workingDirectory, environment, args);
        return await running.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
    }

    private static (string, string[]) Locate()
    {
        if (Environment.GetEnvironmentVariable("SLIPWAY_BIN") is { Length: > 0 } bin && File.Exists(bin))
        {
            return (bin, []);
        }

        var dll = new[] { "Release", "Debug" }
            .Select(c => Repository.PathOf($"src/Slipway.Cli/bin/{c}/net10.0/Slipway.Cli.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("The slipway CLI is not built: run `dotnet build` or scripts/test.sh.");
        return ("dotnet", [dll]);
    }
}

/// <summary>A slipway process started by a test.</summary>
public sealed class RunningProcess(Process process, StringBuilder stdout, StringBuilder stderr) : IDisposable
{
    /// <summary>The OS process.</summary>
    public Process Process { get; } = process;

    /// <summary>Output so far.</summary>
    public string Stdout { get { lock (stdout) { return stdout.ToString(); } } }

    /// <summary>Sends a signal (e.g. 9 for SIGKILL, 15 for SIGTERM) to the process.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {Process.Id}");
        kill.WaitForExit();
    }

    /// <summary>Waits for exit; kills the process and fails when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"slipway did not exit within {timeout}:\n{Stdout}");
        }

        Process.WaitForExit();
        string o, e;
        lock (stdout)
        {
            o = stdout.ToString();
        }

        lock (stderr)
        {
            e = stderr.ToString();
        }

        return new ProcessResult(Process.ExitCode, o, e);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
