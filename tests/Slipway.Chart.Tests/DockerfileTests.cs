using System.Diagnostics;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>The Dockerfile's NativeAOT stage, run as the shell it is, with a stand-in for dotnet.</summary>
public sealed class DockerfileTests
{
    [Theory]
    [InlineData("amd64", "linux-x64")]
    [InlineData("arm64", "linux-arm64")]
    public async Task The_cli_is_published_for_the_images_architecture(string targetArch, string runtime)
    {
        var result = await RunCliPublishAsync(targetArch);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"-r {runtime} ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_TARGETARCH_the_cli_is_published_for_the_build_machine()
    {
        var expected = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

        var result = await RunCliPublishAsync(null);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"-r {expected} ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_architecture_without_a_NativeAOT_build_fails_the_image_build_naming_it()
    {
        var result = await RunCliPublishAsync("riscv64");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TARGETARCH riscv64", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet", result.Stdout, StringComparison.Ordinal);
    }

    // The RUN instruction of the cli-build stage, with /out/ moved into a temporary folder and a dotnet that
    // prints its arguments and leaves the two files the stage checks for.
    private static async Task<ProcessResult> RunCliPublishAsync(string? targetArch)
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Repository.PathOf("Dockerfile"));
        var stage = Array.FindIndex(lines, l => l.StartsWith("FROM sdk AS cli-build", StringComparison.Ordinal));
        var start = Array.FindIndex(lines, stage, l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("TARGETARCH", StringComparison.Ordinal));
        Assert.True(stage >= 0 && start > stage, "the cli-build stage's RUN instruction that reads TARGETARCH");
        var end = start;
        while (lines[end].EndsWith('\\'))
        {
            end++;
        }

        var script = string.Join('\n', lines[start..(end + 1)])[4..].Replace("/out/", dir.Path + "/out/", StringComparison.Ordinal);
        dir.Write("bin/dotnet", $"""
            #!/bin/sh
            echo "dotnet $* "
            mkdir -p {dir.Path}/out/slipway && touch {dir.Path}/out/slipway/libe_sqlite3.so && printf '' > {dir.Path}/out/slipway/slipway && chmod +x {dir.Path}/out/slipway/slipway
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir["bin/dotnet"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = dir["bin"] + ":/usr/bin:/bin";
        info.Environment.Remove("TARGETARCH");
        if (targetArch is not null)
        {
            info.Environment["TARGETARCH"] = targetArch;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
