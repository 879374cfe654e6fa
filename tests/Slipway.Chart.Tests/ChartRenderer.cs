using System.Diagnostics;
using System.Text.Json;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// Runs tools/helm-render (built by scripts/setup.d/40-helm-render.sh, path in SLIPWAY_HELM_RENDER), the
/// offline stand-in for <c>helm template</c>. It refuses what it cannot render as helm does, so a test
/// never passes on a manifest helm would not produce.
/// </summary>
internal static class ChartRenderer
{
    public static string ChartDirectory { get; } = Repository.PathOf("deploy/helm/sample-web-app");

    public static string ValuesFile(string name) => Path.Combine(ChartDirectory, name);

    /// <summary>Renders the chart (values.yaml + the given flags) and parses every manifest.</summary>
    public static async Task<RenderedChart> RenderAsync(params string[] flags)
    {
        var result = await RunAsync(["--skip-schema-validation", .. flags]);
        Assert.True(result.ExitCode == 0, $"helm-render {string.Join(' ', flags)} failed:\n{result.Stderr}");
        return RenderedChart.Parse(result.Stdout);
    }

    /// <summary>The merged values helm would validate against values.schema.json.</summary>
    public static async Task<JsonElement> MergedValuesAsync(params string[] flags)
    {
        var result = await RunAsync(["--print-values", .. flags]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public static async Task<ProcessResult> RunAsync(string[] flags, string? chartDirectory = null)
    {
        var executable = Environment.GetEnvironmentVariable("SLIPWAY_HELM_RENDER") is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException("SLIPWAY_HELM_RENDER is not set: run the suite with scripts/test.sh, which builds tools/helm-render.");
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in flags)
        {
            info.ArgumentList.Add(flag);
        }

        info.ArgumentList.Add(chartDirectory ?? ChartDirectory);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
