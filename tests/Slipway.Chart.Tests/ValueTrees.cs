using System.Globalization;
using System.Text;

namespace Slipway.Chart.Tests;

/// <summary>
/// Random Helm value trees for the renderer's property test: maps, lists of maps, nested lists, multi-line
/// strings, numbers, booleans, strings that look like numbers, booleans or null, empty lists and maps.
/// A tree is <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c>, string, double, bool or null:
/// the types a value has after Helm read it (every number is a JSON number).
/// </summary>
internal static class ValueTrees
{
    // Each one has broken some YAML writer or reader: they look like other types, start with an indicator,
    // carry whitespace YAML would fold or strip, or need escapes.
    private static readonly string[] TrickyStrings =
    [
        "", " ", "true", "false", "True", "yes", "no", "on", "off", "y", "n", "Y", "null", "Null", "~",
        "0", "1", "-1", "+1", "007", "0x1F", "0o17", "0b101", "1e3", "1E+21", ".5", "1.", "1_000", "12:30", "1:20:30",
        ".inf", "-.inf", ".nan", "2001-12-14", "2001-12-14T21:59:43Z", "<<", "=",
        "- item", "-", "? key", ": value", "key: value", "a:b", "#comment", "a #not comment", "&anchor", "*alias",
        "!tag", "%directive", "@at", "`backtick", "|", ">", "'single'", "\"double\"", "{braces}", "[brackets]", "a,b",
        " leading", "trailing ", "tab\there", "a\nb", "a\nb\n", "\n", "\n\n", "a\n\nb\n\n\n", "  indented\nfirst", "line  \nspace",
        "x\n  y\n    z", "windows\r\nline", "back\\slash", "ctrl\u0001char", "héllo ✓ 日本", "emoji 😀",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    ];

    private static readonly string[] TrickyKeys =
    [
        "name", "a", "z", "A", "key with space", "true", "yes", "1", "10", "2", "null", "~", "", "a.b", "a/b", "a:b",
        "-dash", "#hash", "app.kubernetes.io/name", "x10", "x9", "é",
    ];

    private static readonly double[] Numbers = [0, 1, -1, 2, 42, 5432, 65535, 1000000, 2147483648, -9007199254740991, 0.5, -2.25, 3.14159, 1e21, 1.5e-7, 100.25];

    private const string Alphabet = "abcXYZ019 -_:#,'\"{}[]&*!|>%@`\\/.\n\t";

    public static object? Generate(Random random, int depth = 0)
    {
        var choice = random.Next(depth >= 4 ? 5 : 10);
        return choice switch
        {
            0 or 1 => GenerateString(random),
            2 => Numbers[random.Next(Numbers.Length)],
            3 => random.Next(2) == 0,
            4 => random.Next(4) == 0 ? null : GenerateString(random),
            5 or 6 or 7 => GenerateMap(random, depth),
            _ => GenerateList(random, depth),
        };
    }

    private static Dictionary<string, object?> GenerateMap(Random random, int depth)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var count = random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var key = random.Next(2) == 0 ? TrickyKeys[random.Next(TrickyKeys.Length)] : "k" + random.Next(100).ToString(CultureInfo.InvariantCulture);
            map[key] = Generate(random, depth + 1);
        }

        return map;
    }

    private static List<object?> GenerateList(Random random, int depth)
    {
        var count = random.Next(5);
        var list = new List<object?>(count);
        // Lists of maps are the common case in Kubernetes (env, tolerations, imagePullSecrets, volumes).
        var ofMaps = random.Next(2) == 0;
        for (var i = 0; i < count; i++)
        {
            list.Add(ofMaps ? GenerateMap(random, depth + 1) : Generate(random, depth + 1));
        }

        return list;
    }

    private static string GenerateString(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
            case 1:
                return TrickyStrings[random.Next(TrickyStrings.Length)];
            case 2:
                var builder = new StringBuilder();
                var length = random.Next(1, 20);
                for (var i = 0; i < length; i++)
                {
                    builder.Append(Alphabet[random.Next(Alphabet.Length)]);
                }

                return builder.ToString();
            default:
                // Longer than a YAML writer's line width, with spaces where it may fold the line.
                var words = Enumerable.Range(0, random.Next(10, 40)).Select(_ => new string('w', random.Next(1, 12)));
                return string.Join(random.Next(3) == 0 ? "  " : " ", words);
        }
    }

    /// <summary>Structural equality of two trees; the first difference as a path, or null when equal.</summary>
    public static string? FirstDifference(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case Dictionary<string, object?> map:
                if (actual is not Dictionary<string, object?> other)
                {
                    return $"{path}: expected a map, got {Describe(actual)}";
                }

                foreach (var key in map.Keys.Union(other.Keys))
                {
                    if (!map.TryGetValue(key, out var expectedValue) || !other.TryGetValue(key, out var actualValue))
                    {
                        return $"{path}: key \"{key}\" is {(map.ContainsKey(key) ? "missing" : "unexpected")}";
                    }

                    if (FirstDifference(expectedValue, actualValue, $"{path}[\"{key}\"]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case List<object?> list:
                if (actual is not List<object?> items || items.Count != list.Count)
                {
                    return $"{path}: expected a list of {list.Count}, got {Describe(actual)}";
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (FirstDifference(list[i], items[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return Equals(expected, actual) ? null : $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{s.Replace("\n", "\\n", StringComparison.Ordinal)}\"",
        double d => "number " + d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Dictionary<string, object?> m => $"a map of {m.Count}",
        List<object?> l => $"a list of {l.Count}",
        _ => $"{value.GetType().Name} {value}",
    };
}
