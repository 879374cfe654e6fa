using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Execution;

/// <summary>Steps every engine operation shares: load the catalog (refusing broken files) and compute settings.</summary>
internal static class EngineSteps
{
    /// <summary>What every engine operation is made of, checked once: a provider, sources, options and a logger.</summary>
    public static (IMigrationProvider Provider, IReadOnlyList<IMigrationSource> Sources, MigratorOptions Options, ILogger Logger) Parts(
        IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(sources);
        return (provider, sources, options ?? new MigratorOptions(), logger ?? NullLogger.Instance);
    }

    public static async Task<MigrationCatalog> LoadCatalogAsync(IReadOnlyList<IMigrationSource> sources, CancellationToken cancellationToken)
    {
        var catalog = await MigrationCatalog.LoadAsync(sources, cancellationToken);
        if (catalog.Problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            throw new ValidationException(catalog.Problems);
        }

        return catalog;
    }

    public static void ThrowOnErrors(MigrationPlan plan, ILogger logger)
    {
        foreach (var warning in plan.Problems.Where(p => p.Severity == ProblemSeverity.Warning))
        {
            Log.ProblemWarning(logger, warning.Location, warning.Message);
        }

        if (plan.HasErrors)
        {
            throw new ValidationException(plan.Problems);
        }
    }

    public static ExecutionSettings SettingsFor(MigrationDirectives directives, MigratorOptions options) =>
        new(directives.LockTimeout ?? options.Defaults.LockTimeout, directives.StatementTimeout ?? options.Defaults.StatementTimeout);

    public static ISchemaTools SchemaTools(IMigrationProvider provider, string command) =>
        provider as ISchemaTools
        ?? throw new ConfigurationException($"{command} needs a provider with schema tools; {provider.DisplayName} does not offer them");
}
