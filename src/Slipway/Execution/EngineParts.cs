using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What every engine operation (migrate, rollback, verify, dry run, baseline, repair) is made of.</summary>
/// <param name="Provider">The database.</param>
/// <param name="Sources">This image's migrations, merged by version.</param>
/// <param name="Options">Waits, limits, identity and observers.</param>
/// <param name="Logger">Where the operation logs.</param>
/// <param name="Placeholders">The options' placeholder values, checked.</param>
internal sealed record EngineParts(IMigrationProvider Provider, IReadOnlyList<IMigrationSource> Sources, MigratorOptions Options, ILogger Logger, PlaceholderValues Placeholders)
{
    /// <summary>The migrations already read (a fleet reads them once for every target); null: the operation reads <see cref="Sources"/>.</summary>
    public MigrationCatalog? Catalog { get; init; }

    /// <summary>The parts, checked once, with default options and a silent logger when none are given.</summary>
    public static EngineParts Of(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new MigratorOptions();
        return new EngineParts(provider, sources, options, logger ?? NullLogger.Instance, PlaceholderValues.From(options.Placeholders));
    }
}
