using System.Text;

namespace Slipway.Execution;

/// <summary>
/// The schema file format of <c>schema dump</c> and <c>schema check</c>: one object per entry in key order,
/// its key on one line and its definition indented below. Deterministic: no timestamps, versions or
/// server banners, so the same schema gives the same bytes on every run.
/// </summary>
internal static class SchemaText
{
    public const string Header = "-- Slipway schema snapshot: every object of the schema, sorted; written by `slipway schema dump`, checked by `slipway schema check`.";

    public static string Format(SchemaSnapshot snapshot)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (key, definition) in snapshot.Objects)
        {
            text.Append(key).Append('\n');
            foreach (var line in definition.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                if (line.Trim().Length > 0)
                {
                    text.Append("    ").Append(line.TrimEnd()).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The lines of a schema file, whatever its line endings.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
