using System.Reflection;

namespace Slipway.Discovery;

/// <summary>
/// Scripts embedded as resources in an assembly, so an app ships its migrations inside its own DLL.
/// Embed them with their file names kept, e.g.
/// <c>&lt;EmbeddedResource Include="migrations/*.sql" LogicalName="migrations/%(Filename)%(Extension)" /&gt;</c>.
/// </summary>
public sealed class EmbeddedMigrationSource : IMigrationSource
{
    private readonly Assembly _assembly;
    private readonly string _prefix;

    /// <summary>Reads resources of <paramref name="assembly"/> whose names start with <paramref name="prefix"/> and end in <c>.sql</c>.</summary>
    public EmbeddedMigrationSource(Assembly assembly, string prefix = "migrations/")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        _assembly = assembly;
        _prefix = prefix;
    }

    /// <inheritdoc />
    public string Description => "embedded:" + _assembly.GetName().Name;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default)
    {
        var files = new List<SourceFile>();
        var names = _assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(_prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            await using var stream = _assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Resource '{resource}' disappeared from {_assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var content = await reader.ReadToEndAsync(cancellationToken);
            files.Add(new SourceFile(resource[_prefix.Length..], $"{Description}/{resource}", content));
        }

        return files;
    }
}
