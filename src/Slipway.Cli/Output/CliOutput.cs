using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Slipway.Cli.Output;

/// <summary>
/// The CLI's only way to write. Text mode: readable lines, colours only on a terminal. JSON mode: one
/// JSON object per line on stdout for log collectors. Nothing here ever receives a connection string.
/// </summary>
internal sealed class CliOutput(bool json, TextWriter stdout, TextWriter stderr, bool color)
{
    private readonly Lock _gate = new();

    public bool Json { get; } = json;

    public static CliOutput ForConsole(bool json) =>
        new(json, Console.Out, Console.Error, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);

    /// <summary>Writes a line of human output (text mode only).</summary>
    public void Line(string text, ConsoleColor? colour = null)
    {
        if (Json)
        {
            return;
        }

        lock (_gate)
        {
            stdout.WriteLine(colour is { } c && color ? Paint(text, c) : text);
        }
    }

    /// <summary>Writes one event: a line in text mode, a JSON object in JSON mode.</summary>
    public void Event(LogLevel level, string name, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        lock (_gate)
        {
            if (Json)
            {
                stdout.WriteLine(JsonLine(level, name, message, fields));
                return;
            }

            var (prefix, colour) = level switch
            {
                >= LogLevel.Error => ("error: ", ConsoleColor.Red),
                LogLevel.Warning => ("warning: ", ConsoleColor.Yellow),
                _ => (string.Empty, (ConsoleColor?)null),
            };
            var text = name == "migration_applied" ? "  OK    " + message["Applied ".Length..] : prefix + message;
            var writer = level >= LogLevel.Warning ? stderr : stdout;
            writer.WriteLine(colour is { } c && color ? Paint(text, c) : name == "migration_applied" && color ? Paint(text, ConsoleColor.Green) : text);
        }
    }

    /// <summary>Writes the final error of a run: stderr in text mode, an event in JSON mode.</summary>
    public void Error(string message, int exitCode) =>
        Event(LogLevel.Error, "run_failed", message, [new("exit_code", exitCode)]);

    /// <summary>Writes a pre-serialised JSON document as one line (JSON mode) — status, plan.</summary>
    public void Document(string jsonText)
    {
        lock (_gate)
        {
            stdout.WriteLine(jsonText);
        }
    }

    private static string JsonLine(LogLevel level, string name, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(level));
            writer.WriteString("event", name);
            writer.WriteString("message", message);
            foreach (var (key, value) in fields)
            {
                if (key == "{OriginalFormat}")
                {
                    continue;
                }

                var field = SnakeCase(key);
                switch (value)
                {
                    case null:
                        writer.WriteNull(field);
                        break;
                    case int i:
                        writer.WriteNumber(field, i);
                        break;
                    case long l:
                        writer.WriteNumber(field, l);
                        break;
                    case double d:
                        writer.WriteNumber(field, d);
                        break;
                    case bool b:
                        writer.WriteBoolean(field, b);
                        break;
                    default:
                        writer.WriteString(field, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Paint(string text, ConsoleColor colour)
    {
        var code = colour switch
        {
            ConsoleColor.Red => "31",
            ConsoleColor.Green => "32",
            ConsoleColor.Yellow => "33",
            ConsoleColor.Cyan => "36",
            _ => "90",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }
}
