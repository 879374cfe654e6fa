using Slipway.Diagnostics;

namespace Slipway.Discovery;

/// <summary>Scripts in one folder (not its subfolders), e.g. <c>./migrations</c>.</summary>
public sealed class FolderMigrationSource : IMigrationSource
{
    private readonly string _path;

    /// <summary>Reads scripts from <paramref name="path"/>; relative paths are resolved against the working directory.</summary>
    public FolderMigrationSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <inheritdoc />
    public string Description => _path;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_path))
        {
            throw new ConfigurationException(
                $"The migrations folder '{_path}' does not exist. Pass --migrations DIR or set SLIPWAY_MIGRATIONS.");
        }

        var files = new List<SourceFile>();
        foreach (var file in Directory.EnumerateFiles(_path, "*.sql").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.'))
            {
                continue;
            }

            var content = await File.ReadAllTextAsync(file, cancellationToken);
            files.Add(new SourceFile(name, Path.Combine(_path, name), content));
        }

        return files;
    }
}
