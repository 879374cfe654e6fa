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
        _ => $"{Name} differs: expected '{Expected}', found '{Actual}'",
    };

    private static string Definition(string? text) => string.IsNullOrEmpty(text) ? string.Empty : " (" + text + ")";
}
