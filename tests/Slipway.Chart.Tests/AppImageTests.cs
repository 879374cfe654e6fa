using System.Diagnostics;
using System.Globalization;
using System.Net;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Chart.Tests;

/// <summary>
/// The Dockerfile's app target, built from source with podman: the SDK stage publishes the sample app on a
/// local SDK image and the app runs on a local ASP.NET Core runtime image (both made from this machine's
/// .NET SDK: no registry is reachable), restoring offline from the mounted NuGet packages folder. Then the
/// image runs the way the chart runs it with migration.useAppImage: true — `slipway migrate` from the app
/// image, then the app — non-root, read-only root filesystem, no capabilities, DATABASE_URL from the environment.
/// </summary>
public sealed class AppImageTests(ITestOutputHelper output)
{
    private const string PackagesMount = "/nuget-packages";

    // The app published for the image's architecture only (about 5 MB) + slipway (about 12 MB) + migrations;
    // a portable publish would add native SQLite libraries for every platform (about 50 MB).
    private const long MaxAddedBytes = 30 * 1024 * 1024;

    [Fact]
    public async Task App_image_builds_from_source_offline_migrates_with_its_slipway_and_serves_health_as_a_non_root_user_on_a_read_only_root_filesystem()
    {
        var baseImage = await Podman.BaseImageAsync(TimeSpan.FromMinutes(10));
        var (runtimeImage, sdkImage) = await Podman.DotnetBaseImagesAsync(TimeSpan.FromMinutes(10));
        using var context = new TempDirectory();
        Podman.WriteAppContext(context);
        var tag = $"localhost/sample-web-app:test-{Guid.NewGuid():N}"[..50];
        var container = "app-" + Guid.NewGuid().ToString("N")[..12];
        var clock = Stopwatch.StartNew();
        var build = await Podman.RunAsync(null, TimeSpan.FromMinutes(10),
            "build", "--target", "app", "--pull=never", "--no-cache",
            "--build-arg", $"BASE_SDK={sdkImage}", "--build-arg", $"BASE_RUNTIME={runtimeImage}", "--build-arg", $"BASE_RUNTIME_DEPS={baseImage}",
            "--volume", $"{Podman.NuGetPackagesFolder()}:{PackagesMount}:ro",
            "--build-arg", $"NUGET_PACKAGES={PackagesMount}", "--build-arg", $"RESTORE_SOURCE={PackagesMount}",
            "--build-arg", "CLI_FROM=cli-prebuilt", "--build-arg", $"VERSION={Podman.ImageVersion}", "--build-arg", $"REVISION={Podman.ImageRevision}",
            "-t", tag, context.Path);
        Assert.True(build.ExitCode == 0, build.ToString());
        output.WriteLine($"podman build --target app (SDK stage publishes the app): {clock.Elapsed.TotalSeconds:0.0} s");
        try
        {
            var image = await Podman.InspectImageAsync(tag);
            Podman.AssertImageConfig(image.GetProperty("Config"), "sample-web-app", "dotnet", "/app/SampleWebApp.dll");
            var size = image.GetProperty("Size").GetInt64();
            var added = size - (await Podman.InspectImageAsync(runtimeImage)).GetProperty("Size").GetInt64();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"app image: {size / 1e6:0.0} MB in total on the local runtime base; app + slipway + migrations layers: {added / 1e6:0.0} MB"));
            Assert.InRange(added, 1, MaxAddedBytes);

            await using var db = await PostgresServer.CreateDatabaseAsync("appimage");
            var secrets = new Dictionary<string, string> { ["DATABASE_URL"] = db.Url };
            var port = OsUser.FreePort();
            // As the chart's pod: read-only root without even podman's default /tmp tmpfs (the app needs no
            // writable path), no capabilities, and DATABASE_URL through podman's environment (-e NAME), never
            // its command line. The app starts before the schema exists: alive, not ready.
            var start = await Podman.RunAsync(secrets, TimeSpan.FromMinutes(1),
                "run", "--detach", "--name", container, "--read-only", "--read-only-tmpfs=false", "--network", "host",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-e", "DATABASE_URL", "-e", $"ASPNETCORE_HTTP_PORTS={port}", tag);
            Assert.True(start.ExitCode == 0, start.ToString());
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            clock.Restart();
            Assert.Equal(HttpStatusCode.OK, await PollAsync(http, "/healthz/live", HttpStatusCode.OK, container));
            output.WriteLine($"app answered /healthz/live after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);

            // migration.useAppImage: true — the init container runs slipway from the app image.
            var migrate = await Podman.RunAsync(secrets, TimeSpan.FromMinutes(2),
                "run", "--rm", "--read-only", "--read-only-tmpfs=false", "--network", "host", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges", "--hostname", "db-migrate-pod", "-e", "DATABASE_URL", tag, "slipway", "migrate");
            Assert.True(migrate.ExitCode == 0, migrate.ToString());
            Assert.Contains($"Applied {SampleMigrations.Count} migration(s)", migrate.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresServer.Password, migrate.All, StringComparison.Ordinal);
            Assert.Equal(SampleMigrations.Versions.Select(v => v + "|db-migrate-pod"), await db.ColumnAsync("SELECT version || '|' || host FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));

            Assert.Equal(HttpStatusCode.OK, await PollAsync(http, "/healthz/ready", HttpStatusCode.OK, container));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).StatusCode);

            var user = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "exec", container, "id", "-u");
            Assert.Equal("1654", user.Stdout.Trim());
            var write = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "exec", container, "touch", "/app/sneaky.dll");
            Assert.NotEqual(0, write.ExitCode);
            var logs = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "logs", container);
            Assert.Contains("Now listening on", logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresServer.Password, logs.All, StringComparison.Ordinal);
        }
        finally
        {
            await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "rm", "--force", container);
            await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "rmi", "--force", tag);
        }
    }

    /// <summary>GETs the path until it answers with the wanted status or 60 s pass; returns the last status.</summary>
    private static async Task<HttpStatusCode?> PollAsync(HttpClient http, string path, HttpStatusCode wanted, string container)
    {
        HttpStatusCode? last = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && last != wanted)
        {
            try
            {
                last = (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet; give up early if the container has already exited.
                var state = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "inspect", "--format", "{{.State.Running}}", container);
                Assert.True(state.Stdout.Trim() == "true", "the app container exited: " + (await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "logs", container)).All);
            }

            if (last != wanted)
            {
                await Task.Delay(250);
            }
        }

        return last;
    }
}
