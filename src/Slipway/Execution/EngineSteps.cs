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
    /// Reads the migrations while the session opens and the history is read: with thousands of files the
    /// two take about as long, and a no-op run is little else. The open is started first and runs on the
    /// socket's event thread while this thread reads the files, so no worker thread is started for it. When
    /// the migrations cannot be read (a missing folder) that error wins at once, also over a database that
    /// is still being waited for. Providers whose open can create the database read them first.
    /// </summary>
    public static async Task<(MigrationCatalog Catalog, IMigrationSession Session, IReadOnlyList<AppliedMigration> History)> LoadAndReadHistoryAsync(
        EngineParts engine, CancellationToken cancellationToken)
    {
        var (provider, sources, options, logger, placeholders) = engine;
        if (engine.Catalog is { } shared)
        {
            var (ready, read) = await OpenAndReadHistoryAsync(provider, options.ConnectWait, logger, cancellationToken);
            return (shared, ready, read);
        }

        if (provider.OpenCanCreateDatabase)
        {
            var loaded = await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
            var (opened, read) = await OpenAndReadHistoryAsync(provider, options.ConnectWait, logger, cancellationToken);
            return (loaded, opened, read);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opening = OpenAndReadHistoryAsync(provider, options.ConnectWait, logger, stop.Token);
        MigrationCatalog catalog;
        try
        {
            catalog = await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
        }
        catch (Exception)
        {
            // The catalog's error is the one to report: stop waiting for the database, and close the
            // session if it opened meanwhile (before stop is disposed).
            await stop.CancelAsync();
            try
            {
                await (await opening).Session.DisposeAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The open failed or was stopped: nothing to close.
            }

            throw;
        }

        var (session, history) = await opening;
        return (catalog, session, history);
    }

    private static async Task<(IMigrationSession Session, IReadOnlyList<AppliedMigration> History)> OpenAndReadHistoryAsync(
        IMigrationProvider provider, TimeSpan connectWait, ILogger logger, CancellationToken cancellationToken)
    {
        var session = await ConnectionRetry.OpenAsync(provider, connectWait, logger, cancellationToken);
        try
        {
            return (session, await session.ReadHistoryAsync(false, cancellationToken));
        }
        catch (Exception)
        {
            await session.DisposeAsync();
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
