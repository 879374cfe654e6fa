using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>--metrics-file</c> for the node-exporter textfile collector and <c>--pushgateway</c>.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task The_metrics_file_reports_each_run_and_keeps_the_last_success_through_a_failure()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id INTEGER);");
        dir.Write("migrations/V2__b.sql", "CREATE TABLE b (id INTEGER);");
        var cli = new Cli(dir, "sqlite:app.db");

        var ok = await cli.RunAsync("migrate", "--metrics-file", "textfile/slipway.prom");
        var first = Parse(File.ReadAllText(dir["textfile/slipway.prom"]));
        dir.Write("migrations/V3__broken.sql", "CREATE TABLE broken (;");
        var failed = await cli.RunAsync("migrate", "--metrics-file", "textfile/slipway.prom");
        var second = Parse(File.ReadAllText(dir["textfile/slipway.prom"]));

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal(1, first["slipway_last_run_success{database=\"app.db\"}"]);
        Assert.Equal(2, first["slipway_last_run_applied_migrations{database=\"app.db\"}"]);
        Assert.Equal(2, first["slipway_schema_version{database=\"app.db\"}"]);
        Assert.Equal(1, first["slipway_schema_version_info{database=\"app.db\",version=\"2\"}"]);
        Assert.InRange(first["slipway_last_run_timestamp_seconds{database=\"app.db\"}"], DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 300, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal(0, second["slipway_last_run_success{database=\"app.db\"}"]);
        Assert.Equal(1, second["slipway_last_run_exit_code{database=\"app.db\"}"]);
        Assert.Equal(first["slipway_last_success_timestamp_seconds{database=\"app.db\"}"], second["slipway_last_success_timestamp_seconds{database=\"app.db\"}"]);
        Assert.Equal(["slipway.prom"], Directory.GetFiles(dir["textfile"]).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Metrics_are_pushed_to_a_pushgateway_with_put()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeOnceAsync(listener);
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id INTEGER);");

        var result = await new Cli(dir, "sqlite:app.db").RunAsync("migrate", "--pushgateway", $"http://127.0.0.1:{port}", "--log-format", "json");
        var request = await received.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("PUT /metrics/job/slipway/database/app.db HTTP/1.1", request, StringComparison.Ordinal);
        Assert.Contains("text/plain; version=0.0.4", request, StringComparison.Ordinal);
        Assert.Contains("slipway_last_run_success{database=\"app.db\"} 1", request, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"metrics_pushed\"", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A minimal HTTP server: reads one request (headers and Content-Length body) and answers 200.</summary>
    private static async Task<string> ServeOnceAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var text = string.Empty;
        var total = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total));
            if (read == 0)
            {
                break;
            }

            total += read;
            text = System.Text.Encoding.UTF8.GetString(buffer, 0, total);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lengthLine = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            if (total >= end + 4 + length)
            {
                break;
            }
        }

        var response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
        await stream.WriteAsync(response);
        return text;
    }

    private static Dictionary<string, double> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
