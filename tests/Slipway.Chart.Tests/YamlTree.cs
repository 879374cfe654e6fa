using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Chart.Tests;

/// <summary>
/// Reads YAML and JSON back into the tree shape of <see cref="ValueTrees"/>, independently of the renderer.
/// Plain scalars are typed as Kubernetes reads them (YAML 1.1 through go-yaml: yes/on/y are booleans, 0x1F
/// and 0o17 are numbers, a date is a timestamp); a plain scalar that any of those rules, or YAML 1.2's,
/// would not read as the same string comes back as <see cref="Ambiguous"/>, which equals nothing.
/// </summary>
internal static partial class YamlTree
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static object? FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return FromNode(Assert.Single(stream.Documents).RootNode);
    }

    public static object? FromNode(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            pair => FromNode(pair.Key) is string key && !IsMergeKey(pair.Key) ? key : throw new InvalidOperationException($"a map key that is not a string: {pair.Key}"),
            pair => FromNode(pair.Value),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(FromNode).ToList(),
        YamlScalarNode scalar when scalar.Tag.IsEmpty && scalar.Style is ScalarStyle.Plain => ResolvePlain(scalar.Value ?? ""),
        YamlScalarNode scalar when scalar.Tag.IsEmpty || scalar.Tag.Value == "tag:yaml.org,2002:str" => scalar.Value,
        _ => new Ambiguous($"{node.Tag} {node}"),
    };

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Style: ScalarStyle.Plain, Value: "<<" };

    public static object? FromJson(string json) => FromJsonElement(JsonDocument.Parse(json).RootElement);

    private static object? FromJsonElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJsonElement(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJsonElement).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "y" or "Y" or "on" or "On" or "ON":
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "n" or "N" or "off" or "Off" or "OFF":
                return false;
        }

        if (DecimalNumber().IsMatch(text))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return OtherNonString().IsMatch(text) ? new Ambiguous(text) : text;
    }

    // What go-yaml writes for a number: an integer or a float in Go's shortest form.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex DecimalNumber();

    // Anything else some YAML reader types as a number (with underscores, a base prefix, a leading zero or
    // sign), infinity or NaN, a timestamp or a sexagesimal number. (In a value, go-yaml reads << and = as strings.)
    [GeneratedRegex(@"^([-+]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*|([0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|\.(inf|Inf|INF))|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")]
    private static partial Regex OtherNonString();

    /// <summary>A plain scalar whose type depends on which YAML reader reads it: equal to nothing.</summary>
    public sealed record Ambiguous(string Text);
}
