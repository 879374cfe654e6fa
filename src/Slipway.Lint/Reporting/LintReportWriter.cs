using System.Globalization;
using System.Text;
using System.Text.Json;
using Slipway.Sql;

namespace Slipway.Lint.Reporting;

/// <summary>Renders a <see cref="LintReport"/> as text, JSON, GitHub workflow commands or SARIF 2.1.0.</summary>
public static class LintReportWriter
{
    /// <summary>The formats <c>--format</c> accepts.</summary>
    public const string Formats = "text, json, github or sarif";

    /// <summary>Readable lines: each finding with why it matters and what to do instead, then a total.</summary>
    public static IEnumerable<string> Text(LintReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var finding in report.Findings)
        {
            yield return finding.ToString();
            yield return "    why: " + finding.Rule.Why;
            yield return "    instead: " + finding.Rule.Instead;
        }

        yield return Total(report);
    }

    /// <summary>The one-line total, e.g. <c>lint: 2 error(s), 1 warning(s) in 5 migration(s); 1 suppressed</c>.</summary>
    public static string Total(LintReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"lint: {report.ErrorCount} error(s), {report.WarningCount} warning(s) in {report.ScriptCount} migration(s) ({DialectName(report.Dialect)}); {report.Suppressed} suppressed by lint-ignore or configuration");
    }

    /// <summary>One JSON document: <c>{"event":"lint", ..., "findings":[...]}</c>.</summary>
    public static string Json(LintReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("event", "lint");
            writer.WriteString("dialect", DialectName(report.Dialect));
            writer.WriteNumber("migrations", report.ScriptCount);
            writer.WriteNumber("errors", report.ErrorCount);
            writer.WriteNumber("warnings", report.WarningCount);
            writer.WriteNumber("suppressed", report.Suppressed);
            writer.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                writer.WriteStartObject();
                writer.WriteString("rule", finding.Rule.Id);
                writer.WriteString("name", finding.Rule.Name);
                writer.WriteString("severity", SeverityText(finding.Severity));
                writer.WriteString("file", finding.File);
                writer.WriteNumber("line", finding.Line);
                writer.WriteString("message", finding.Message);
                writer.WriteString("why", finding.Rule.Why);
                writer.WriteString("instead", finding.Rule.Instead);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>GitHub Actions workflow commands: each finding becomes an annotation on the file and line.</summary>
    public static IEnumerable<string> GitHub(LintReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var finding in report.Findings)
        {
            var level = finding.Severity == LintSeverity.Error ? "error" : "warning";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"::{level} file={Property(finding.File)},line={finding.Line},title={Property(finding.Rule.Id + " " + finding.Rule.Name)}::{Data(finding.Message + ". Instead: " + finding.Rule.Instead)}");
        }
    }

    /// <summary>A SARIF 2.1.0 log (GitHub code scanning and most CI security dashboards read it).</summary>
    public static string Sarif(LintReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "slipway-lint");
            writer.WriteString("version", toolVersion);
            writer.WriteStartArray("rules");
            foreach (var rule in LintRules.All)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteString("name", rule.Name);
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", rule.Why);
                writer.WriteEndObject();
                writer.WriteStartObject("help");
                writer.WriteString("text", rule.Instead);
                writer.WriteEndObject();
                writer.WriteStartObject("defaultConfiguration");
                writer.WriteString("level", SeverityText(rule.Severity));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                writer.WriteStartObject();
                writer.WriteString("ruleId", finding.Rule.Id);
                writer.WriteString("level", SeverityText(finding.Severity));
                writer.WriteStartObject("message");
                writer.WriteString("text", finding.Message + ". Instead: " + finding.Rule.Instead);
                writer.WriteEndObject();
                writer.WriteStartArray("locations");
                writer.WriteStartObject();
                writer.WriteStartObject("physicalLocation");
                writer.WriteStartObject("artifactLocation");
                writer.WriteString("uri", finding.File.Replace('\\', '/'));
                writer.WriteEndObject();
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", finding.Line);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static string SeverityText(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";

    // Workflow command escaping, as documented for GitHub Actions.
    private static string Data(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string value) =>
        Data(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string DialectName(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => "postgres",
        SqlDialect.MySql => "mysql",
        _ => "sqlite",
    };
}
