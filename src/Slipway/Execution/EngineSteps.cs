using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Execution;

/// <summary>Steps every engine operation shares: load the catalog (refusing broken files) and compute settings.</summary>
internal static class EngineSteps
{
    public static async Task<MigrationCatalog> LoadCatalogAsync(EngineParts engine, CancellationToken cancellationToken)
    {
        var catalog = engine.Catalog ?? await MigrationCatalog.LoadAsync(engine.Sources, engine.Placeholders, cancellationToken);
        if (catalog.Problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            throw new ValidationException(catalog.Problems);
        }

        return catalog;
    }

    /// <summary>
    /// Reads the migrations on a worker thread while the session opens and the history is read: with
    /// thousands of files the two take about as long, and a no-op run is little else. When the
    /// migrations cannot be read (a missing folder) that error wins at once, also over a database that
    /// is still being waited for. Providers whose open can create the database read them first.
    /// </summary>
    public static async Task<(MigrationCatalog Catalog, IMigrationSession Session, IReadOnlyList<AppliedMigration> History)> LoadAndReadHistoryAsync(
        EngineParts engine, CancellationToken cancellationToken)
    {
        var (provider, sources, options, logger, placeholders) = engine;
        if (engine.Catalog is { } read)
        {
            var ready = await ConnectionRetry.OpenAsync(provider, options.ConnectWait, logger, cancellationToken);
            try
            {
                return (read, ready, await ready.ReadHistoryAsync(false, cancellationToken));
            }
            catch (Exception)
            {
                await ready.DisposeAsync();
                throw;
            }
        }

        if (provider.OpenCanCreateDatabase)
        {
            var loaded = await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
            var opened = await ConnectionRetry.OpenAsync(provider, options.ConnectWait, logger, cancellationToken);
            try
            {
                return (loaded, opened, await opened.ReadHistoryAsync(false, cancellationToken));
            }
            catch (Exception)
            {
                await opened.DisposeAsync();
                throw;
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var catalogTask = Task.Run(
            async () =>
            {
                try
                {
                    return await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    await stop.CancelAsync();
                    throw;
                }
            },
            cancellationToken);
        IMigrationSession? session = null;
        try
        {
            session = await ConnectionRetry.OpenAsync(provider, options.ConnectWait, logger, stop.Token);
            var history = await session.ReadHistoryAsync(false, stop.Token);
            return (await catalogTask, session, history);
        }
        catch (Exception)
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            // Finished before stop is disposed; a catalog error is the one to report.
            await Task.WhenAny(catalogTask);
            if (catalogTask.IsFaulted)
            {
                await catalogTask;
            }

            throw;
        }
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
