using System.Text.RegularExpressions;

namespace Slipway.Discovery;

/// <summary>What a file name says a script is.</summary>
internal enum ScriptRole
{
    /// <summary><c>V1__x.sql</c> or <c>1_x.up.sql</c>.</summary>
    Up,

    /// <summary><c>U1__x.sql</c> or <c>1_x.down.sql</c>.</summary>
    Down,

    /// <summary><c>R__x.sql</c>.</summary>
    Repeatable,

    /// <summary>dbmate's <c>20240101_x.sql</c> holding <c>-- migrate:up</c> and <c>-- migrate:down</c> sections.</summary>
    UpAndDown,

    /// <summary><c>B5__x.sql</c>: builds a new database as it is after version 5 (e.g. written by <c>squash</c>).</summary>
    Baseline,
}

/// <summary>A parsed script file name.</summary>
/// <param name="Role">Up, down, repeatable or a dbmate file with both.</param>
/// <param name="Version">The version; null for repeatables.</param>
/// <param name="Description">The description with underscores shown as spaces.</param>
internal sealed partial record ScriptName(ScriptRole Role, MigrationVersion? Version, string Description)
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms = "V{version}__{description}.sql, U{version}__{description}.sql, R__{description}.sql, B{version}__{description}.sql (a baseline), {version}_{name}.up.sql / .down.sql, or dbmate's {version}_{name}.sql";

    /// <summary>Parses a file name; null when it matches none of the accepted forms.</summary>
    public static ScriptName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (TryParseFlywayVersioned(fileName) is { } parsed)
        {
            return parsed;
        }

        var flyway = FlywayPattern().Match(fileName);
        if (flyway.Success)
        {
            var prefix = flyway.Groups["prefix"].Value;
            var description = Describe(flyway.Groups["description"].Value);
            if (prefix == "R")
            {
                return flyway.Groups["version"].Length == 0 ? new ScriptName(ScriptRole.Repeatable, null, description) : null;
            }

            var version = MigrationVersion.TryParse(flyway.Groups["version"].Value);
            var role = prefix switch
            {
                "V" => ScriptRole.Up,
                "B" => ScriptRole.Baseline,
                _ => ScriptRole.Down,
            };
            return version is null ? null : new ScriptName(role, version, description);
        }

        var golang = GolangPattern().Match(fileName);
        if (golang.Success)
        {
            var version = MigrationVersion.TryParse(golang.Groups["version"].Value);
            var role = golang.Groups["direction"].Value switch
            {
                "up" => ScriptRole.Up,
                "down" => ScriptRole.Down,
                _ => ScriptRole.UpAndDown,
            };
            return version is null ? null : new ScriptName(role, version, Describe(golang.Groups["description"].Value));
        }

        return null;
    }

    private static string Describe(string raw) => Describe(raw.AsSpan());

    // One string: underscores shown as spaces, surrounding blanks dropped (as Replace + Trim would).
    private static string Describe(ReadOnlySpan<char> raw)
    {
        var start = 0;
        var end = raw.Length;
        while (start < end && (raw[start] == '_' || char.IsWhiteSpace(raw[start])))
        {
            start++;
        }

        while (end > start && (raw[end - 1] == '_' || char.IsWhiteSpace(raw[end - 1])))
        {
            end--;
        }

        var length = end - start;
        var buffer = length <= 256 ? stackalloc char[length] : new char[length];
        raw[start..end].Replace(buffer, '_', ' ');
        return new string(buffer);
    }

    // V1__x.sql and U1__x.sql, the usual names, without a regex match (a handful of objects per file,
    // thousands of files per run). Anything unusual returns null and goes through the patterns.
    private static ScriptName? TryParseFlywayVersioned(string fileName)
    {
        if (fileName.Length < 8 || fileName[0] is not ('V' or 'U') || !fileName.EndsWith(".sql", StringComparison.Ordinal))
        {
            return null;
        }

        var separator = fileName.IndexOf("__", 1, StringComparison.Ordinal);
        var descriptionEnd = fileName.Length - ".sql".Length;
        if (separator < 2 || separator + 2 >= descriptionEnd || fileName.AsSpan(1, separator - 1).ContainsAnyExcept(VersionChars)
            || fileName.AsSpan(separator + 2, descriptionEnd - separator - 2).ContainsAny('\n', '\r'))
        {
            return null;
        }

        var version = MigrationVersion.TryParse(fileName[1..separator]);
        return version is null
            ? null
            : new ScriptName(fileName[0] == 'V' ? ScriptRole.Up : ScriptRole.Down, version, Describe(fileName.AsSpan(separator + 2, descriptionEnd - separator - 2)));
    }

    private static readonly System.Buffers.SearchValues<char> VersionChars = System.Buffers.SearchValues.Create("0123456789._");

    [GeneratedRegex(@"^(?<prefix>[VURB])(?<version>[0-9._]*?)__(?<description>.+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FlywayPattern();

    [GeneratedRegex(@"^(?<version>[0-9]+)_(?<description>.+?)(?:\.(?<direction>up|down))?\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex GolangPattern();
}
