using Slipway.Diagnostics;

namespace Slipway.Discovery;

/// <summary>
/// The values of <c>${name}</c> placeholders for one run, checked once. Names are letters, digits and
/// underscores, not starting with a digit, and compared ignoring case, so the environment variable
/// <c>SLIPWAY_PLACEHOLDER_TENANT</c> and <c>${tenant}</c> meet.
/// </summary>
internal sealed class PlaceholderValues
{
    private readonly Dictionary<string, string> _values;

    private PlaceholderValues(Dictionary<string, string> values) => _values = values;

    /// <summary>No values: any placeholder in a script is reported as unknown.</summary>
    public static PlaceholderValues None { get; } = new(new Dictionary<string, string>(0, StringComparer.OrdinalIgnoreCase));

    /// <summary>The values by name, ignoring case.</summary>
    public IReadOnlyDictionary<string, string> All => _values;

    /// <summary>How many values there are.</summary>
    public int Count => _values.Count;

    /// <summary>
    /// Checks <paramref name="values"/>: a malformed name, a null value or two names that differ only in
    /// case fail with a <see cref="ConfigurationException"/> naming the placeholder (never its value).
    /// </summary>
    public static PlaceholderValues From(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return None;
        }

        var checkedValues = new Dictionary<string, string>(values.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values)
        {
            if (!IsName(name))
            {
                throw new ConfigurationException($"placeholder name '{name}' is not valid; use letters, digits and underscores, not starting with a digit (e.g. tenant or app_schema)");
            }

            if (value is null)
            {
                throw new ConfigurationException($"placeholder '{name}' has no value; give it one (an empty text is allowed)");
            }

            if (!checkedValues.TryAdd(name, value))
            {
                throw new ConfigurationException($"placeholder '{name}' is given twice (names ignore case); keep one");
            }
        }

        return new PlaceholderValues(checkedValues);
    }

    /// <summary>The value of <paramref name="name"/>, ignoring case.</summary>
    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);

    /// <summary>True when <paramref name="name"/> is a valid placeholder name.</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
