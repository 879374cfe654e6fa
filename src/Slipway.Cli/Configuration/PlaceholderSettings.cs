using System.Collections;
using Slipway.Diagnostics;

namespace Slipway.Cli.Configuration;

/// <summary>
/// The values of <c>${name}</c> placeholders: every <c>SLIPWAY_PLACEHOLDER_NAME</c> environment variable
/// (the name after the prefix, lowercased: <c>SLIPWAY_PLACEHOLDER_TENANT_ID</c> is <c>tenant_id</c>), then
/// each <c>--placeholder name=value</c>, which wins over the variable of the same name. Names ignore
/// case. Values are never printed.
/// </summary>
internal static class PlaceholderSettings
{
    public const string Prefix = "SLIPWAY_PLACEHOLDER_";

    public static IReadOnlyDictionary<string, string> Resolve(IEnumerable<string>? flags, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string key && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && key.Length > Prefix.Length)
            {
                values[key[Prefix.Length..].ToLowerInvariant()] = entry.Value as string ?? string.Empty;
            }
        }

        foreach (var flag in flags ?? [])
        {
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // Only the part before '=' could be a name; the rest may be a secret, so it is not echoed.
                var shown = eq == 0 ? "=..." : flag.Length <= 40 && !flag.Contains(' ', StringComparison.Ordinal) ? flag : "(the value given)";
                throw new ConfigurationException($"--placeholder '{shown}' has no name=value form; write e.g. --placeholder tenant=acme");
            }

            values[flag[..eq]] = flag[(eq + 1)..];
        }

        return values;
    }
}
