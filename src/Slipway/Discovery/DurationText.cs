using System.Globalization;

namespace Slipway.Discovery;

/// <summary>Durations as written in directives, flags and env: <c>500ms</c>, <c>2s</c>, <c>5min</c>, <c>1h</c>; a bare number is seconds.</summary>
internal static class DurationText
{
    /// <summary>Parses a duration; null when the text is not one.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && (char.IsAsciiDigit(trimmed[digits]) || trimmed[digits] == '.'))
        {
            digits++;
        }

        if (digits == 0 || !double.TryParse(trimmed.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        double? milliseconds = trimmed[digits..].Trim().ToLowerInvariant() switch
        {
            "ms" => value,
            "" or "s" or "sec" => value * 1000,
            "m" or "min" => value * 60_000,
            "h" => value * 3_600_000,
            _ => null,
        };
        return milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
    }

    /// <summary>Formats a duration in the shortest exact unit, e.g. <c>2s</c> or <c>1500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        return ms switch
        {
            _ when ms % 3_600_000 == 0 && ms > 0 => (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h",
            _ when ms % 60_000 == 0 && ms > 0 => (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "min",
            _ when ms % 1000 == 0 => (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s",
            _ => ms.ToString(CultureInfo.InvariantCulture) + "ms",
        };
    }
}
