using System.Globalization;
using System.Text;

namespace Slipway.Cli.Operations;

/// <summary>
/// Renders <see cref="RunMetrics"/> in the Prometheus text exposition format (version 0.0.4), for the
/// node-exporter textfile collector or a Pushgateway.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The media type a Pushgateway expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <param name="metrics">This run.</param>
    /// <param name="previousSuccess">When the last successful run finished, carried over from the previous file so a failure does not erase it.</param>
    public static string Render(RunMetrics metrics, double? previousSuccess)
    {
        var labels = $"{{database=\"{Escape(metrics.Database)}\"}}";
        var finished = metrics.FinishedAt.ToUnixTimeMilliseconds() / 1000.0;
        var text = new StringBuilder();
        Gauge(text, "slipway_last_run_timestamp_seconds", "Unix time the last migrate run finished.", labels, finished);
        Gauge(text, "slipway_last_run_success", "1 if the last migrate run succeeded, else 0.", labels, metrics.Success ? 1 : 0);
        Gauge(text, "slipway_last_run_exit_code", "Exit code of the last migrate run (see docs/cli.md).", labels, metrics.ExitCode);
        Gauge(text, "slipway_last_run_duration_seconds", "Wall time of the last migrate run.", labels, metrics.Duration.TotalSeconds);
        Gauge(text, "slipway_last_run_applied_migrations", "Migrations the last run applied.", labels, metrics.Applied);
        if ((metrics.Success ? finished : previousSuccess) is { } success)
        {
            Gauge(text, "slipway_last_success_timestamp_seconds", "Unix time of the last successful migrate run.", labels, success);
        }

        if (metrics.CurrentVersion is { } version)
        {
            Gauge(text, "slipway_schema_version_info", "The schema version after the last successful run, as a label.",
                $"{{database=\"{Escape(metrics.Database)}\",version=\"{Escape(version)}\"}}", 1);
            if (Numeric(version) is { } number)
            {
                Gauge(text, "slipway_schema_version", "The schema version as a number (whole-number versions only).", labels, number);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads <c>slipway_last_success_timestamp_seconds</c> back from an earlier file, if any.</summary>
    public static double? ReadLastSuccess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("slipway_last_success_timestamp_seconds", StringComparison.Ordinal)
                && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static double? Numeric(string version) =>
        !version.Contains('.', StringComparison.Ordinal) && double.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static void Gauge(StringBuilder text, string name, string help, string labels, double value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name}{labels} ");
        text.Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
