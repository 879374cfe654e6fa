using System.Globalization;
using System.IO.Enumeration;
using Slipway.Diagnostics;

namespace Slipway.Cli.Fleets;

/// <summary>
/// Reads a fleet's targets from exactly one of: a file (or stdin) with one target a line, a query's
/// first column, or a glob of SQLite files. Every entry is checked before anything runs: a bad line
/// is a configuration error naming the file and line, and no target is touched.
/// </summary>
internal static class TargetList
{
    public static async Task<IReadOnlyList<TargetSpec>> ReadAsync(FleetSettings fleet, string? databaseUrl, Func<string, CancellationToken, Task<IReadOnlyList<string>>> query, CancellationToken cancellationToken)
    {
        var given = new[] { fleet.TargetsFile, fleet.TargetsQuery, fleet.TargetsGlob }.Count(v => v is not null);
        if (given != 1)
        {
            throw new ConfigurationException(given == 0
                ? "fleet needs its targets: --targets FILE (one target a line; - for stdin), --targets-query SQL or --targets-glob 'sqlite:tenants/*.db'"
                : "fleet takes its targets from one of --targets, --targets-query and --targets-glob, not several");
        }

        var specs = fleet.TargetsFile is { } file ? await FromFileAsync(file, databaseUrl, cancellationToken)
            : fleet.TargetsQuery is { } sql ? FromQuery(await query(sql, cancellationToken), databaseUrl)
            : FromGlob(fleet.TargetsGlob!);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (!seen.TryAdd(spec.DisplayName, spec.Origin))
            {
                throw new ConfigurationException($"{spec.Origin}: {spec.DisplayName} is listed twice (first at {seen[spec.DisplayName]}); list each target once");
            }
        }

        return specs;
    }

    private static async Task<List<TargetSpec>> FromFileAsync(string file, string? databaseUrl, CancellationToken cancellationToken)
    {
        var name = file == "-" ? "stdin" : file;
        string text;
        try
        {
            text = file == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"The targets file {name} cannot be read ({ex.Message}); --targets names a file with one target a line, or - for stdin");
        }

        var specs = new List<TargetSpec>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var origin = string.Create(CultureInfo.InvariantCulture, $"{name}:{i + 1}");
            if (line.Contains(' ', StringComparison.Ordinal) && !line.Contains('=', StringComparison.Ordinal))
            {
                throw new ConfigurationException($"{origin}: '{TargetUrls.Redact(line)}' is not a target; a line is a database URL (postgresql://..., sqlite:path) or schema:NAME, and # starts a comment line");
            }

            specs.Add(TargetUrls.Parse(line, origin, databaseUrl, bareIsSchema: false));
        }

        return specs.Count > 0 ? specs : throw new ConfigurationException($"The targets file {name} lists no target; write one target a line (a database URL or schema:NAME)");
    }

    private static List<TargetSpec> FromQuery(IReadOnlyList<string> rows, string? databaseUrl) =>
        [.. rows.Select((row, i) => TargetUrls.Parse(row.Trim(), string.Create(CultureInfo.InvariantCulture, $"--targets-query row {i + 1}"), databaseUrl, bareIsSchema: true))];

    private static List<TargetSpec> FromGlob(string pattern)
    {
        const string Prefix = "sqlite:";
        if (!pattern.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"--targets-glob '{pattern}' is not an SQLite glob; use e.g. 'sqlite:tenants/*.db'");
        }

        var path = pattern[Prefix.Length..];
        var directory = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        var filePattern = Path.GetFileName(path);
        if (directory.IndexOfAny(['*', '?']) >= 0 || filePattern.Length == 0)
        {
            throw new ConfigurationException($"--targets-glob '{pattern}': wildcards (* and ?) are allowed in the file name only, e.g. 'sqlite:tenants/*.db'");
        }

        var files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(f => FileSystemName.MatchesSimpleExpression(filePattern, Path.GetFileName(f), ignoreCase: false)).Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count > 0
            ? [.. files.Select(f => TargetUrls.Parse(Prefix + (directory == "." ? Path.GetFileName(f) : f), "--targets-glob", null, bareIsSchema: false))]
            : throw new ConfigurationException($"--targets-glob '{pattern}' matches no file");
    }
}
