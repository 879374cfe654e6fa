using System.Diagnostics;
using System.Text.Json;
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

    /// <summary>The VERSION and REVISION build arguments the image tests pass, and expect in the labels.</summary>
    public const string ImageVersion = "1.2.3";

    /// <inheritdoc cref="ImageVersion"/>
    public const string ImageRevision = "abc123";

    /// <summary>
    /// What both images must have: the non-root user 1654, their command, Slipway's folder and wait
    /// settings, and the OCI title, version and revision labels.
    /// </summary>
    public static void AssertImageConfig(JsonElement config, string title, params string[] command)
    {
        Assert.Equal("1654:1654", config.GetProperty("User").GetString());
        Assert.Equal(command, config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()!));
        var env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("SLIPWAY_MIGRATIONS=/migrations", env);
        Assert.Contains("SLIPWAY_WAIT=60s", env);
        var labels = config.GetProperty("Labels");
        Assert.Equal(title, labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(ImageVersion, labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.Equal(ImageRevision, labels.GetProperty("org.opencontainers.image.revision").GetString());
    }

    /// <summary>`podman image inspect` of one image.</summary>
    public static async Task<JsonElement> InspectImageAsync(string image)
    {
        var inspect = await RunAsync(null, TimeSpan.FromMinutes(1), "image", "inspect", image);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using var document = JsonDocument.Parse(inspect.Stdout);
        return document.RootElement[0].Clone();
    }

    /// <summary>Waits for the background debootstrap of the base image and returns its name.</summary>
    public static async Task<string> BaseImageAsync(TimeSpan timeout)
    {
        var image = RequiredEnvironment("SLIPWAY_TEST_BASE_IMAGE");
        await WaitForStatusAsync("SLIPWAY_TEST_BASE_IMAGE_STATUS", timeout);
        return image;
    }

    /// <summary>
    /// Waits for the local ASP.NET Core runtime and SDK images (scripts/setup.d/31-dotnet-base-images.sh
    /// makes them from this machine's .NET SDK in the background) and returns their names.
    /// </summary>
    public static async Task<(string AspNetRuntime, string Sdk)> DotnetBaseImagesAsync(TimeSpan timeout)
    {
        var images = (RequiredEnvironment("SLIPWAY_TEST_ASPNET_IMAGE"), RequiredEnvironment("SLIPWAY_TEST_SDK_IMAGE"));
        await WaitForStatusAsync("SLIPWAY_TEST_DOTNET_IMAGES_STATUS", timeout);
        return images;
    }

    /// <summary>The NuGet global packages folder the solution build restored into, for an offline restore in an image build.</summary>
    public static string NuGetPackagesFolder()
    {
        var folder = RequiredEnvironment("SLIPWAY_TEST_NUGET_PACKAGES");
        Assert.True(Directory.Exists(folder), $"the NuGet global packages folder {folder} does not exist");
        return folder;
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
        // Every dialect's folder: the image ships PostgreSQL's in /migrations and MySQL's in /migrations/mysql.
        var migrations = Repository.PathOf("samples/SampleWebApp/migrations");
        foreach (var file in Directory.EnumerateFiles(migrations, "*.sql", SearchOption.AllDirectories))
        {
            context.Write("samples/SampleWebApp/migrations/" + Path.GetRelativePath(migrations, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        CopyPrebuiltCli(context);
    }

    /// <summary>
    /// A build context with what the app target needs: the sources its SDK stage publishes (without build
    /// output or local databases, as .dockerignore leaves them out) and the prebuilt CLI.
    /// </summary>
    public static void WriteAppContext(TempDirectory context)
    {
        foreach (var file in new[] { "Dockerfile", ".dockerignore", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            File.Copy(Repository.PathOf(file), context[file]);
        }

        foreach (var folder in new[] { "src", "samples" })
        {
            CopySources(Repository.PathOf(folder), context[folder]);
        }

        CopyPrebuiltCli(context);
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(".db", StringComparison.Ordinal) && !name.Contains(".db-", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, name));
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (name is not ("bin" or "obj" or "TestResults"))
            {
                CopySources(folder, Path.Combine(to, name));
            }
        }
    }

    private static void CopyPrebuiltCli(TempDirectory context)
    {
        Directory.CreateDirectory(context["artifacts/slipway"]);
        foreach (var name in new[] { "slipway", "libe_sqlite3.so" })
        {
            File.Copy(Path.Combine(AotPublishFolder(), name), context["artifacts/slipway/" + name]);
        }
    }

    private static string RequiredEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the suite with scripts/test.sh, which makes the local images.");

    private static async Task WaitForStatusAsync(string statusVariable, TimeSpan timeout)
    {
        var status = RequiredEnvironment(statusVariable);
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(status))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{statusVariable}: the image was not ready within {timeout}");
            await Task.Delay(500);
        }

        var text = (await File.ReadAllTextAsync(status)).Trim();
        Assert.True(text.StartsWith("ok", StringComparison.Ordinal), text);
    }
}
