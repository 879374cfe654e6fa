using Microsoft.Extensions.Logging;
using Slipway.Code;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Fleets;

/// <summary>
/// A fleet run's migrations, read from their sources once for every target. Only placeholder values
/// differ from one target to the next (<c>${tenant}</c>); when no script uses a placeholder every target
/// shares one catalog, otherwise each target's is built from the files already read, with its own values.
/// </summary>
internal sealed class FleetCatalog
{
    private readonly List<SourceFile> _files;
    private readonly List<CodeMigration> _code;
    private readonly MigrationCatalog? _shared;

    private FleetCatalog(List<SourceFile> files, List<CodeMigration> code, MigrationCatalog? shared) => (_files, _code, _shared) = (files, code, shared);

    /// <summary>
    /// Reads <paramref name="sources"/> and checks the catalog with the first target's values: a broken
    /// file fails the run before any target is touched.
    /// </summary>
    public static async Task<FleetCatalog> LoadAsync(IReadOnlyList<IMigrationSource> sources, EngineParts first, CancellationToken cancellationToken)
    {
        var (files, code) = await MigrationCatalog.ReadAsync(sources, cancellationToken);
        var checkedFirst = await EngineSteps.LoadCatalogAsync(first with { Catalog = MigrationCatalog.Build(files, first.Placeholders, code) }, cancellationToken);
        var placeholderFree = !files.Exists(f => f.Content.Contains("${", StringComparison.Ordinal));
        return new FleetCatalog(files, code, placeholderFree ? checkedFirst : null);
    }

    /// <summary>A target's engine parts with its catalog.</summary>
    public EngineParts For(FleetTarget target, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options, ILogger logger)
    {
        var parts = EngineParts.Of(target.Provider, sources, Fleet.For(target, options), logger);
        return parts with { Catalog = _shared ?? MigrationCatalog.Build(_files, parts.Placeholders, _code) };
    }
}
