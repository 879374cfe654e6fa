using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// What a container of the migration image sees, for running the real slipway binary as a plain process:
/// the image's ENV (read from the Dockerfile's migration stage) and its migrations folders, mapped to
/// folders on this machine.
/// </summary>
internal sealed partial class ImageFilesystem
{
    private const string ImageMigrationsPath = "/migrations";

    // Image path -> folder on this machine, longest image path first so /migrations/mysql wins over /migrations.
    private readonly List<(string Image, string Local)> _folders;

    /// <summary>An image whose <c>/migrations</c> holds <paramref name="migrationsFolder"/> (a test's own migrations).</summary>
    public ImageFilesystem(string migrationsFolder, string stage = "migration")
        : this([(ImageMigrationsPath, migrationsFolder)], stage)
    {
    }

    private ImageFilesystem(List<(string Image, string Local)> folders, string stage)
    {
        _folders = [.. folders.OrderByDescending(f => f.Image.Length)];
        MigrationsFolder = _folders.Single(f => f.Image == ImageMigrationsPath).Local;
        Environment = ReadStageEnvironment(stage);
    }

    /// <summary>The folder the image's <c>/migrations</c> maps to (its working directory).</summary>
    public string MigrationsFolder { get; }

    /// <summary>The ENV lines of the Dockerfile's stage this image is built from.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The image as the Dockerfile builds it: every repository folder its stage copies into it.</summary>
    public static ImageFilesystem OfDockerfile(string stage = "migration")
    {
        var folders = StageLines(stage)
            .Select(l => CopyOfRepositoryFolder().Match(l))
            .Where(m => m.Success)
            .Select(m => (Image: m.Groups[2].Value.TrimEnd('/'), Local: Repository.PathOf(m.Groups[1].Value.TrimEnd('/'))))
            .ToList();
        Assert.All(folders, f => Assert.True(Directory.Exists(f.Local), $"the Dockerfile copies {f.Local}, which does not exist"));
        return new ImageFilesystem(folders, stage);
    }

    /// <summary>Maps a path inside the image to this machine.</summary>
    public string Map(string value)
    {
        foreach (var (image, local) in _folders)
        {
            if (value == image || value.StartsWith(image + "/", StringComparison.Ordinal))
            {
                return local + value[image.Length..];
            }
        }

        return value;
    }

    private static IEnumerable<string> StageLines(string stage)
    {
        var text = File.ReadAllText(Repository.PathOf("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" AS " + stage, StringComparison.Ordinal));
        Assert.True(start >= 0, $"the Dockerfile has no stage '{stage}'");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> ReadStageEnvironment(string stage)
    {
        var environment = new Dictionary<string, string>();
        foreach (var line in StageLines(stage).Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in EnvPair().Matches(line[4..]))
            {
                environment[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
            }
        }

        return environment;
    }

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)""")]
    private static partial Regex EnvPair();

    // COPY [--flags] samples/.../ /image/path/ : a folder of the repository (not --from another stage).
    [GeneratedRegex(@"^COPY\s+(?:--(?!from)\S+\s+)*(samples/\S+/)\s+(/\S+)\s*$")]
    private static partial Regex CopyOfRepositoryFolder();
}
