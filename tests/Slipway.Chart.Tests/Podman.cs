using System.Diagnostics;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// podman with the configuration and storage scripts/setup.d/30-containers.sh prepared (CONTAINERS_CONF,
/// CONTAINERS_STORAGE_CONF), and the local base image it makes in the background.
/// </summary>
internal static class Podman
{
    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman {args[0]} did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Waits for the background debootstrap of the base image and returns its name.</summary>
    public static async Task<string> BaseImageAsync(TimeSpan timeout)
    {
        var image = Environment.GetEnvironmentVariable("SLIPWAY_TEST_BASE_IMAGE");
        var status = Environment.GetEnvironmentVariable("SLIPWAY_TEST_BASE_IMAGE_STATUS");
        if (string.IsNullOrEmpty(image) || string.IsNullOrEmpty(status))
        {
            throw new InvalidOperationException("SLIPWAY_TEST_BASE_IMAGE is not set: run the suite with scripts/test.sh, which makes the local base image.");
        }

        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(status))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the base image was not ready within {timeout}");
            await Task.Delay(500);
        }

        var text = (await File.ReadAllTextAsync(status)).Trim();
        Assert.True(text.StartsWith("ok", StringComparison.Ordinal), text);
        return image;
    }

    /// <summary>The NativeAOT publish folder (slipway + libe_sqlite3.so) named by SLIPWAY_BIN.</summary>
    public static string AotPublishFolder()
    {
        var bin = Environment.GetEnvironmentVariable("SLIPWAY_BIN");
        var folder = bin is { Length: > 0 } ? Path.GetDirectoryName(bin)! : "";
        if (!File.Exists(Path.Combine(folder, "slipway")) || !File.Exists(Path.Combine(folder, "libe_sqlite3.so")))
        {
            throw new InvalidOperationException("SLIPWAY_BIN must name the NativeAOT slipway binary with libe_sqlite3.so beside it: run the suite with scripts/test.sh.");
        }

        return folder;
    }

    /// <summary>A build context with what the migration target needs (the prebuilt CLI instead of the SDK stage).</summary>
    public static void WriteMigrationContext(TempDirectory context)
    {
        File.Copy(Repository.PathOf("Dockerfile"), context["Dockerfile"]);
        File.Copy(Repository.PathOf(".dockerignore"), context[".dockerignore"]);
        var migrations = Repository.PathOf("samples/SampleWebApp/migrations/postgres");
        foreach (var file in Directory.EnumerateFiles(migrations))
        {
            context.Write("samples/SampleWebApp/migrations/postgres/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        Directory.CreateDirectory(context["artifacts/slipway"]);
        foreach (var name in new[] { "slipway", "libe_sqlite3.so" })
        {
            File.Copy(Path.Combine(AotPublishFolder(), name), context["artifacts/slipway/" + name]);
        }
    }
}
