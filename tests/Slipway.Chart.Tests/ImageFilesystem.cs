using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// What a container of the migration image sees, for running the real slipway binary as a plain process:
/// the image's ENV (read from the Dockerfile's migration stage) and its /migrations folder, mapped to a
/// folder on this machine.
/// </summary>
internal sealed partial class ImageFilesystem(string migrationsFolder, string stage = "migration")
{
    private const string ImageMigrationsPath = "/migrations";

    public string MigrationsFolder { get; } = migrationsFolder;

    /// <summary>The ENV lines of the Dockerfile's stage this image is built from.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = ReadStageEnvironment(stage);

    /// <summary>Maps a path inside the image to this machine.</summary>
    public string Map(string value) =>
        value == ImageMigrationsPath || value.StartsWith(ImageMigrationsPath + "/", StringComparison.Ordinal)
            ? MigrationsFolder + value[ImageMigrationsPath.Length..]
            : value;

    private static Dictionary<string, string> ReadStageEnvironment(string stage)
    {
        var text = File.ReadAllText(Repository.PathOf("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" AS " + stage, StringComparison.Ordinal));
        Assert.True(start >= 0, $"the Dockerfile has no stage '{stage}'");
        var environment = new Dictionary<string, string>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)))
        {
            if (!line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match pair in EnvPair().Matches(line[4..]))
            {
                environment[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
            }
        }

        return environment;
    }

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)""")]
    private static partial Regex EnvPair();
}
