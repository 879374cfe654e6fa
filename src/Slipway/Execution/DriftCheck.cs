using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Slipway.Execution;

/// <summary>One stored result of <c>drift --record</c>: when, against which version, and what differed.</summary>
public sealed record DriftCheck
{
    /// <summary>How many checks the table keeps; older ones are deleted when a new one is stored.</summary>
    public const int Kept = 100;

    /// <summary>How many differences <see cref="Differences"/> lists at most; <see cref="Objects"/> counts them all.</summary>
    public const int MaxListed = 50;

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The version whose migrations built the expected schema; null on a database without migrations.</summary>
    public string? Version { get; init; }

    /// <summary>How many objects differed (after exclusions): 0 means no drift.</summary>
    public required int Objects { get; init; }

    /// <summary>How many objects the exclusions left out.</summary>
    public int Excluded { get; init; }

    /// <summary>
    /// The differences as a JSON array of <c>{"change":"extra|missing|changed","object":"index public.x"}</c>,
    /// at most <see cref="MaxListed"/> of them, without definitions: the table stays small.
    /// </summary>
    public string Differences { get; init; } = "[]";

    /// <summary>The check of <paramref name="report"/>, made at <paramref name="checkedAt"/>.</summary>
    public static DriftCheck From(DriftReport report, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var difference in report.Differences.Take(MaxListed))
            {
                json.WriteStartObject();
                json.WriteString("change", Change(difference));
                json.WriteString("object", difference.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return new DriftCheck
        {
            CheckedAt = checkedAt,
            Version = report.Version?.Text,
            Objects = report.Differences.Count,
            Excluded = report.Excluded,
            Differences = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    /// <summary>The listed differences as <c>(change, object)</c> pairs; empty when the text is not such a list.</summary>
    public IReadOnlyList<(string Change, string Object)> Listed()
    {
        try
        {
            using var document = JsonDocument.Parse(Differences);
            return [.. document.RootElement.EnumerateArray().Select(e => (e.GetProperty("change").GetString() ?? "", e.GetProperty("object").GetString() ?? ""))];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return [];
        }
    }

    /// <summary><c>extra</c> (exists, no migration created it), <c>missing</c> or <c>changed</c>.</summary>
    public static string Change(SchemaDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return (difference.Expected, difference.Actual) switch
        {
            (null, _) => "extra",
            (_, null) => "missing",
            _ => "changed",
        };
    }
}
