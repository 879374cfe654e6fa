using System.Globalization;

namespace Slipway.Discovery;

/// <summary>
/// A migration version: dotted numbers (<c>1</c>, <c>1.2.10</c>) or a timestamp (<c>20240131120000</c>),
/// compared part by part as arbitrarily large numbers, so <c>1.10</c> &gt; <c>1.9</c>. Trailing zero
/// parts do not matter (<c>1.0</c> equals <c>1</c>), as in Flyway.
/// </summary>
public sealed class MigrationVersion : IComparable<MigrationVersion>, IEquatable<MigrationVersion>
{
    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    // The significant digits of each part, leading zeros removed. One number (the common case) is kept
    // without an array: a no-op run holds a version per migration file and per history row.
    private readonly string _first;
    private readonly string[]? _parts;

    private MigrationVersion(string text, string first, string[]? parts)
    {
        Text = text;
        _first = first;
        _parts = parts;
    }

    private int PartCount => _parts?.Length ?? 1;

    /// <summary>The version as written, with <c>_</c> separators shown as dots.</summary>
    public string Text { get; }

    /// <summary>Parses <c>1</c>, <c>1.2</c>, <c>1_2</c> (Flyway file names) or a timestamp; null when not a version.</summary>
    public static MigrationVersion? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!text.AsSpan().ContainsAnyExcept(Digits))
        {
            // One number (1, 20240131120000): the common case, without splitting. A no-op run parses
            // every file name and every history row, so this is thousands of calls.
            return new MigrationVersion(text, text.TrimStart('0'), null);
        }

        var normalized = text.Replace('_', '.');
        var parts = normalized.Split('.');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return null;
            }
        }

        var significant = parts.Select(p => p.TrimStart('0')).ToList();
        while (significant.Count > 1 && significant[^1].Length == 0)
        {
            significant.RemoveAt(significant.Count - 1);
        }

        return significant.Count == 1
            ? new MigrationVersion(normalized, significant[0], null)
            : new MigrationVersion(normalized, significant[0], [.. significant]);
    }

    /// <summary>Parses a version or throws <see cref="FormatException"/> naming the text.</summary>
    public static MigrationVersion Parse(string text) =>
        TryParse(text) ?? throw new FormatException(
            string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a migration version; expected numbers separated by dots, e.g. 1, 1.2 or 20240131120000."));

    /// <summary>True for the version <c>0</c>, which sorts before every migration.</summary>
    public bool IsZero => _parts?.All(p => p.Length == 0) ?? _first.Length == 0;

    /// <inheritdoc />
    public int CompareTo(MigrationVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (_parts is null && other._parts is null)
        {
            var byLength = _first.Length.CompareTo(other._first.Length);
            return byLength != 0 ? byLength : string.CompareOrdinal(_first, other._first);
        }

        var count = Math.Max(PartCount, other.PartCount);
        for (var i = 0; i < count; i++)
        {
            var a = i < PartCount ? Part(i) : string.Empty;
            var b = i < other.PartCount ? other.Part(i) : string.Empty;
            var byLength = a.Length.CompareTo(b.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byDigits = string.CompareOrdinal(a, b);
            if (byDigits != 0)
            {
                return byDigits;
            }
        }

        return 0;
    }

    /// <inheritdoc />
    public bool Equals(MigrationVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        var significant = PartCount;
        while (significant > 1 && Part(significant - 1).Length == 0)
        {
            significant--;
        }

        for (var i = 0; i < significant; i++)
        {
            hash.Add(Part(i), StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Compares two versions; null sorts first.</summary>
    public static bool operator <(MigrationVersion left, MigrationVersion right) => Compare(left, right) < 0;

    /// <summary>Compares two versions; null sorts first.</summary>
    public static bool operator >(MigrationVersion left, MigrationVersion right) => Compare(left, right) > 0;

    /// <summary>Compares two versions; null sorts first.</summary>
    public static bool operator <=(MigrationVersion left, MigrationVersion right) => Compare(left, right) <= 0;

    /// <summary>Compares two versions; null sorts first.</summary>
    public static bool operator >=(MigrationVersion left, MigrationVersion right) => Compare(left, right) >= 0;

    /// <summary>Equality by numeric value.</summary>
    public static bool operator ==(MigrationVersion? left, MigrationVersion? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by numeric value.</summary>
    public static bool operator !=(MigrationVersion? left, MigrationVersion? right) => !(left == right);

    private string Part(int index) => _parts is null ? _first : _parts[index];

    private static int Compare(MigrationVersion? left, MigrationVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
