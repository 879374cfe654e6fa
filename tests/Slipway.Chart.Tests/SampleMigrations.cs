using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>What the sample app's PostgreSQL migrations folder holds, so tests follow it as it grows.</summary>
internal static class SampleMigrations
{
    public static string Folder => Repository.PathOf("samples/SampleWebApp/migrations/postgres");

    /// <summary>The versions of the versioned migrations, in order.</summary>
    public static List<string> Versions =>
        [.. Directory.GetFiles(Folder, "V*__*.sql")
            .Select(f => Path.GetFileName(f)[1..Path.GetFileName(f).IndexOf("__", StringComparison.Ordinal)])
            .OrderBy(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Every migration a full run applies: versioned and repeatable.</summary>
    public static int Count => Versions.Count + Directory.GetFiles(Folder, "R__*.sql").Length;

    public static string Latest => Versions[^1];
}
