using Slipway.Discovery;
using Slipway.Testing;

namespace Slipway.Lint.Tests;

/// <summary>
/// The lint corpus in tests/fixtures/lint/{postgres,sqlite}: each file is one migration whose first line
/// says which rules must fire (<c>-- expect: SW001</c>) or that none may (<c>-- expect: none</c>).
/// </summary>
internal static class Fixtures
{
    public static string Folder => Repository.PathOf("tests/fixtures/lint");

    public static IEnumerable<string> Files(string dialect) =>
        Directory.EnumerateFiles(Path.Combine(Folder, dialect), "*.sql").Order(StringComparer.Ordinal);

    public static IReadOnlySet<string> Expected(string path)
    {
        var first = File.ReadLines(path).First();
        const string Prefix = "-- expect:";
        Assert.StartsWith(Prefix, first, StringComparison.Ordinal);
        var value = first[Prefix.Length..].Trim();
        return value == "none" ? new HashSet<string>() : value.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
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
