using System.Text.Json;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.Lint;

/// <summary>
/// Project-wide lint settings, usually from <c>slipway.lint.json</c>:
/// <c>{"disable": ["SW013"], "severity": {"SW009": "error"}, "maxLockTimeout": "10s", "longStatementTimeout": "1min", "maxLockedTables": 1}</c>.
/// </summary>
public sealed record LintSettings
{
    /// <summary>The default file name, looked up in the working directory.</summary>
    public const string FileName = "slipway.lint.json";

    /// <summary>Rule IDs or names switched off for every file.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Severity overrides by rule ID or name.</summary>
    public IReadOnlyDictionary<string, LintSeverity> Severity { get; init; } = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The longest <c>lock-timeout</c> directive SW009 accepts. Default 10 s.</summary>
    public TimeSpan MaxLockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A <c>statement-timeout</c> directive above this counts as long for SW010. Default 1 min.</summary>
    public TimeSpan LongStatementTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many existing tables one transactional migration may lock before SW013 warns. Default 1.</summary>
    public int MaxLockedTables { get; init; } = 1;

    /// <summary>Reads settings from a JSON file; errors name the file and the setting.</summary>
    public static LintSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{path}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }

        using (document)
        {
            return FromJson(document.RootElement, path);
        }
    }

    private static LintSettings FromJson(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{path}: expected a JSON object such as {{\"disable\": [\"SW013\"]}}");
        }

        var settings = new LintSettings();
        var disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var severity = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "disable" when property.Value.ValueKind == JsonValueKind.Array:
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        disabled.Add(KnownRule(item.GetString(), path, "disable"));
                    }

                    break;
                case "severity" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var entry in property.Value.EnumerateObject())
                    {
                        severity[KnownRule(entry.Name, path, "severity")] = entry.Value.GetString() switch
                        {
                            "error" => LintSeverity.Error,
                            "warning" => LintSeverity.Warning,
                            var other => throw new ConfigurationException($"{path}: severity of {entry.Name} is '{other}'; use error or warning"),
                        };
                    }

                    break;
                case "maxLockTimeout":
                    settings = settings with { MaxLockTimeout = Duration(property.Value, path, property.Name) };
                    break;
                case "longStatementTimeout":
                    settings = settings with { LongStatementTimeout = Duration(property.Value, path, property.Name) };
                    break;
                case "maxLockedTables" when property.Value.TryGetInt32(out var count) && count >= 1:
                    settings = settings with { MaxLockedTables = count };
                    break;
                default:
                    throw new ConfigurationException($"{path}: unknown or invalid setting '{property.Name}'; supported: disable (array of rule IDs), severity (object of ID: error|warning), maxLockTimeout, longStatementTimeout (durations such as \"10s\"), maxLockedTables (a number ≥ 1)");
            }
        }

        return settings with { Disabled = disabled, Severity = severity };
    }

    private static string KnownRule(string? idOrName, string path, string setting) =>
        idOrName is not null && LintRules.Find(idOrName) is { } rule
            ? rule.Id
            : throw new ConfigurationException($"{path}: {setting} names an unknown rule '{idOrName}'; see 'slipway lint --list-rules'");

    private static TimeSpan Duration(JsonElement value, string path, string name) =>
        DurationText.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        ?? throw new ConfigurationException($"{path}: {name} must be a duration such as \"10s\" or \"1min\"");
}
