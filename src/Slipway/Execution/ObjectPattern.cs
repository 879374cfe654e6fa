using System.IO.Enumeration;

namespace Slipway.Execution;

/// <summary>A glob (<c>*</c> any run of characters, <c>?</c> one character) over schema object keys such as <c>index public.notes_idx</c>.</summary>
internal sealed class ObjectPattern(string pattern)
{
    /// <summary>True when the pattern matches the whole key or the object's name (the key without its kind words).</summary>
    public bool Matches(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Glob(pattern, key))
        {
            return true;
        }

        // Kinds are one or two words ("materialized view", "foreign key"); names contain no spaces unless quoted.
        for (var space = key.IndexOf(' ', StringComparison.Ordinal); space >= 0; space = key.IndexOf(' ', space + 1))
        {
            if (Glob(pattern, key[(space + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Glob(string pattern, string text) => FileSystemName.MatchesSimpleExpression(pattern, text, ignoreCase: false);
}
