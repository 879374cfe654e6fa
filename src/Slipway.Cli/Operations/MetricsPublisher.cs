using System.Text;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Output;
using Slipway.Diagnostics;

namespace Slipway.Cli.Operations;

/// <summary>
/// Publishes a run's metrics: atomically to a file (write a temp file in the same folder, then rename,
/// so the textfile collector never reads half a file) and/or by HTTP PUT to a Pushgateway. A
/// publishing failure is reported as a warning and never changes the run's exit code.
/// </summary>
internal sealed class MetricsPublisher(string? file, string? pushgateway, CliOutput output)
{
    public bool Enabled => file is not null || pushgateway is not null;

    public async Task PublishAsync(RunMetrics metrics, CancellationToken cancellationToken)
    {
        double? previousSuccess = null;
        if (file is not null && File.Exists(file))
        {
            previousSuccess = PrometheusText.ReadLastSuccess(await File.ReadAllTextAsync(file, cancellationToken));
        }

        var text = PrometheusText.Render(metrics, previousSuccess);
        if (file is not null)
        {
            await WriteFileAsync(file, text, cancellationToken);
        }

        if (pushgateway is not null)
        {
            await PushAsync(pushgateway, metrics.Database, text, cancellationToken);
        }
    }

    /// <summary>The push URL: <c>{base}/metrics/job/slipway/database/{db}</c> unless the given URL already names a job.</summary>
    internal static Uri PushUrl(string pushgateway, string database)
    {
        if (!Uri.TryCreate(pushgateway, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"--pushgateway / SLIPWAY_PUSHGATEWAY is not an http(s) URL; expected e.g. http://pushgateway:9091");
        }

        if (uri.AbsolutePath.Contains("/metrics/job/", StringComparison.Ordinal))
        {
            return uri;
        }

        return new Uri(uri, uri.AbsolutePath.TrimEnd('/') + "/metrics/job/slipway/database/" + Uri.EscapeDataString(database.Length == 0 ? "default" : database.Replace('/', '_')));
    }

    private async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken);
            File.Move(temp, path, overwrite: true);
            output.Event(LogLevel.Information, "metrics_written", "Metrics written to " + path, [new("file", path)]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            output.Event(LogLevel.Warning, "metrics_failed", $"Could not write metrics to {path}: {ex.Message}", [new("file", path)]);
        }
    }

    private async Task PushAsync(string pushgateway, string database, string text, CancellationToken cancellationToken)
    {
        var url = PushUrl(pushgateway, database);
        // Only scheme, host and path in messages: a URL may carry basic-auth credentials.
        var shown = url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", string.Empty, StringComparison.Ordinal);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            if (url.UserInfo.Length > 0)
            {
                http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
            }

            using var content = new StringContent(text, Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(PrometheusText.ContentType);
            using var response = await http.PutAsync(url, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                output.Event(LogLevel.Warning, "metrics_failed", $"Pushgateway {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}", [new("url", shown)]);
                return;
            }

            output.Event(LogLevel.Information, "metrics_pushed", "Metrics pushed to " + shown, [new("url", shown)]);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            output.Event(LogLevel.Warning, "metrics_failed", $"Could not push metrics to {shown}: {ex.Message}", [new("url", shown)]);
        }
    }
}
