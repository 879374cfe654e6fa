using System.Diagnostics;
using Slipway.Testing;

namespace BundleSample.Tests;

/// <summary>Starts the sample's own executable (samples/BundleSample), as an app's deployment would.</summary>
internal static class Bundle
{
    private static readonly string Dll = new[] { "Release", "Debug" }
        .Select(c => Repository.PathOf($"samples/BundleSample/bin/{c}/net10.0/bundle-sample.dll"))
        .Where(File.Exists)
        .OrderByDescending(File.GetLastWriteTimeUtc)
        .FirstOrDefault()
        ?? throw new InvalidOperationException("samples/BundleSample is not built: run `dotnet build tests/BundleSample.Tests`.");

    public static async Task<ProcessResult> RunAsync(string workingDirectory, string databaseUrl, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A clean environment for what Slipway reads, so the developer's own settings never leak in.
        foreach (var key in info.Environment.Keys.Where(k => k is "DATABASE_URL" || k.StartsWith("SLIPWAY_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DATABASE_URL"] = databaseUrl;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
