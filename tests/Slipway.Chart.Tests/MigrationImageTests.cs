using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Chart.Tests;

/// <summary>
/// The Dockerfile's migration target, built with podman from a locally made Debian base (no registry is
/// reachable) and run against the test PostgreSQL the way the chart runs it: non-root, read-only root
/// filesystem, no capabilities, DATABASE_URL from the environment, default command.
/// </summary>
public sealed class MigrationImageTests(ITestOutputHelper output)
{
    private const long MaxAddedBytes = 20 * 1024 * 1024;

    [Fact]
    public async Task Migration_image_migrates_as_a_non_root_user_on_a_read_only_root_filesystem_and_adds_at_most_20_MB()
    {
        var baseImage = await Podman.BaseImageAsync(TimeSpan.FromMinutes(10));
        using var context = new TempDirectory();
        Podman.WriteMigrationContext(context);
        var tag = $"localhost/sample-web-app-migration:test-{Guid.NewGuid():N}"[..60];
        var clock = Stopwatch.StartNew();
        var build = await Podman.RunAsync(null, TimeSpan.FromMinutes(5),
            "build", "--target", "migration", "--pull=never", "--no-cache",
            "--build-arg", $"BASE_RUNTIME_DEPS={baseImage}", "--build-arg", $"BASE_RUNTIME={baseImage}", "--build-arg", $"BASE_SDK={baseImage}",
            "--build-arg", "CLI_FROM=cli-prebuilt", "--build-arg", $"VERSION={Podman.ImageVersion}", "--build-arg", $"REVISION={Podman.ImageRevision}",
            "-t", tag, context.Path);
        Assert.True(build.ExitCode == 0, build.ToString());
        output.WriteLine($"podman build --target migration: {clock.Elapsed.TotalSeconds:0.0} s");
        try
        {
            var image = await Podman.InspectImageAsync(tag);
            var config = image.GetProperty("Config");
            Podman.AssertImageConfig(config, "sample-web-app-migration", "slipway", "migrate");
            Assert.False(config.TryGetProperty("Entrypoint", out var entrypoint) && entrypoint.ValueKind == JsonValueKind.Array && entrypoint.GetArrayLength() > 0);

            var added = image.GetProperty("Size").GetInt64() - (await Podman.InspectImageAsync(baseImage)).GetProperty("Size").GetInt64();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"migration image: {image.GetProperty("Size").GetInt64() / 1e6:0.0} MB in total on the test base; slipway + native libs + migrations layers: {added / 1e6:0.00} MB"));
            Assert.InRange(added, 1, MaxAddedBytes);

            await using var db = await PostgresServer.CreateDatabaseAsync("image");
            clock.Restart();
            // DATABASE_URL goes through podman's environment (-e NAME), never its command line.
            var run = await Podman.RunAsync(new Dictionary<string, string> { ["DATABASE_URL"] = db.Url }, TimeSpan.FromMinutes(2),
                "run", "--rm", "--read-only", "--network", "host", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--hostname", "db-migrate-pod", "-e", "DATABASE_URL", tag);
            output.WriteLine($"podman run (default command): {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"Applied {SampleMigrations.Count} migration(s)", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresServer.Password, run.All, StringComparison.Ordinal);
            Assert.Equal(SampleMigrations.Versions.Select(v => v + "|db-migrate-pod"), await db.ColumnAsync("SELECT version || '|' || host FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));
            Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'notes'"));

            var user = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "run", "--rm", "--read-only", "--network", "none", tag, "id", "-u");
            Assert.Equal("1654", user.Stdout.Trim());
            var write = await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "run", "--rm", "--read-only", "--network", "none", tag, "touch", "/migrations/V9__sneaky.sql");
            Assert.NotEqual(0, write.ExitCode);
        }
        finally
        {
            await Podman.RunAsync(null, TimeSpan.FromMinutes(1), "rmi", "--force", tag);
        }
    }
}
