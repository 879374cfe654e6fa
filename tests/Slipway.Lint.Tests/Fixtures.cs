using Slipway.Discovery;
using Slipway.Testing;

namespace Slipway.Lint.Tests;

/// <summary>
/// The lint corpus in tests/fixtures/lint/{postgres,sqlite}: each file is one migration whose first line
/// says which findings must come, rule and line (<c>-- expect: SW001@2, SW003@4</c>), or that none may
/// (<c>-- expect: none</c>).
/// </summary>
internal static class Fixtures
{
    public static string Folder => Repository.PathOf("tests/fixtures/lint");

    public static IEnumerable<string> Files(string dialect) =>
        Directory.EnumerateFiles(Path.Combine(Folder, dialect), "*.sql").Order(StringComparer.Ordinal);

    /// <summary>
    /// The findings the first line expects, each as <c>RULE@LINE</c> (one entry per finding, so a rule
    /// that fires twice is listed twice), sorted.
    /// </summary>
    public static IReadOnlyList<string> Expected(string path)
    {
        var first = File.ReadLines(path).First();
        const string Prefix = "-- expect:";
        Assert.StartsWith(Prefix, first, StringComparison.Ordinal);
        var value = first[Prefix.Length..].Trim();
        var expected = value == "none" ? [] : value.Split(',', StringSplitOptions.TrimEntries).ToList();
        Assert.All(expected, e => Assert.Matches("^SW[0-9]{3}@[0-9]+$", e));
        return [.. expected.Order(StringComparer.Ordinal)];
    }

    /// <summary>Loads scripts as the CLI would, named V1.., V2.. in the order given.</summary>
    public static IReadOnlyList<MigrationScript> Scripts(params string[] sql)
    {
        var catalog = MigrationCatalog.Build(sql.Select((s, i) => new SourceFile($"V{i + 1}__step.sql", $"migrations/V{i + 1}__step.sql", s)));
        Assert.Empty(catalog.Problems);
        return catalog.Versioned;
    }

    public static MigrationScript Script(string path)
    {
        var catalog = MigrationCatalog.Build([new SourceFile("V1__" + Path.GetFileNameWithoutExtension(path) + ".sql", Path.GetRelativePath(Repository.Root, path), File.ReadAllText(path))]);
        Assert.Empty(catalog.Problems);
        return Assert.Single(catalog.Versioned);
    }
}
