namespace Slipway.Execution;

/// <summary>One object that differs between two <see cref="SchemaSnapshot"/>s.</summary>
/// <param name="Name">The object's key, e.g. <c>index public.notes_author_idx</c>.</param>
/// <param name="Expected">Its definition in the expected snapshot; null when it did not exist there.</param>
/// <param name="Actual">Its definition in the actual snapshot; null when it does not exist there.</param>
public sealed record SchemaDifference(string Name, string? Expected, string? Actual)
{
    /// <summary>Reads as <c>index public.x exists but should not (CREATE INDEX ...)</c> and similar.</summary>
    public override string ToString() => (Expected, Actual) switch
    {
        (null, _) => $"{Name} exists but should not{Definition(Actual)}",
        (_, null) => $"{Name} is missing{Definition(Expected)}",
        _ => $"{Name} differs: {Where(Expected!, Actual!)}",
    };

    // Function bodies and view definitions run to many lines: point at the first line that differs.
    private static string Where(string expected, string actual)
    {
        var was = expected.Split('\n');
        var now = actual.Split('\n');
        if (was.Length == 1 && now.Length == 1)
        {
            return $"expected '{expected}', found '{actual}'";
        }

        var line = 0;
        while (line < was.Length && line < now.Length && string.Equals(was[line], now[line], StringComparison.Ordinal))
        {
            line++;
        }

        var expectedLine = line < was.Length ? "'" + was[line].Trim() + "'" : "(end)";
        var actualLine = line < now.Length ? "'" + now[line].Trim() + "'" : "(end)";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"at line {line + 1} of its definition expected {expectedLine}, found {actualLine}");
    }

    private static string Definition(string? text) => string.IsNullOrEmpty(text) ? string.Empty : " (" + text + ")";
}
