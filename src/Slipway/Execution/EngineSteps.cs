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
        var (catalog, (session, history)) = await LoadWhileOpeningAsync<(IMigrationSession Session, IReadOnlyList<AppliedMigration> History)>(
            engine,
            async (provider, ct) =>
            {
                var session = await ConnectionRetry.OpenAsync(provider, engine.Options.ConnectWait, engine.Logger, ct);
                return (session, await ReadOrDisposeAsync(session, s => s.ReadHistoryAsync(false, ct)));
            },
            opened => opened.Session,
            cancellationToken);
        return (catalog, session, history);
    }

    /// <summary>
    /// Like <see cref="LoadAndReadHistoryAsync"/> for a run that has nothing to do when every migration is
    /// applied: the history is read once the migrations are, and its rows are checked as the driver reads
    /// them (<see cref="UpToDateCheck"/>), without holding a string or an object per row. History is null when
    /// the check found every migration applied; it is read as usual when the check cannot tell.
    /// </summary>
    public static async Task<(MigrationCatalog Catalog, IMigrationSession Session, IReadOnlyList<AppliedMigration>? History)> LoadAndCheckHistoryAsync(
        EngineParts engine, CancellationToken cancellationToken)
    {
        var (catalog, session) = await LoadWhileOpeningAsync(
            engine,
            (provider, ct) => ConnectionRetry.OpenAsync(provider, engine.Options.ConnectWait, engine.Logger, ct),
            opened => opened,
            cancellationToken);
        var history = await ReadOrDisposeAsync(session, s => CheckOrReadHistoryAsync(s, catalog, cancellationToken));
        return (catalog, session, history);
    }

    /// <summary>
    /// Null when the history holds every migration of <paramref name="catalog"/>, checked row by row as read
    /// (<see cref="UpToDateCheck"/>); otherwise, or when the check cannot tell, the history read as usual
    /// (a second statement, unless the history was empty).
    /// </summary>
    public static async Task<IReadOnlyList<AppliedMigration>?> CheckOrReadHistoryAsync(IMigrationSession session, MigrationCatalog catalog, CancellationToken cancellationToken)
    {
        if (UpToDateCheck.For(catalog) is { } check && session is IHistoryScanner scanner)
        {
            await scanner.ScanHistoryAsync(check.Visit, cancellationToken);
            if (check.UpToDate)
            {
                return null;
            }

            if (check.Empty)
            {
                return []; // a new database: nothing to read again
            }
        }

        return await session.ReadHistoryAsync(false, cancellationToken);
    }

    // The catalog and what `open` makes (a session, maybe with its history), the files read while it opens.
    private static async Task<(MigrationCatalog Catalog, T Opened)> LoadWhileOpeningAsync<T>(
        EngineParts engine, Func<IMigrationProvider, CancellationToken, Task<T>> open, Func<T, IMigrationSession> sessionOf, CancellationToken cancellationToken)
    {
        var (provider, sources, _, _, placeholders) = engine;
        if (engine.Catalog is { } shared)
        {
            return (shared, await open(provider, cancellationToken));
        }

        if (provider.OpenCanCreateDatabase)
        {
            var loaded = await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
            return (loaded, await open(provider, cancellationToken));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opening = open(provider, stop.Token);
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
                await sessionOf(await opening).DisposeAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The open failed or was stopped: nothing to close.
            }

            throw;
        }

        return (catalog, await opening);
    }

    private static async Task<T> ReadOrDisposeAsync<T>(IMigrationSession session, Func<IMigrationSession, Task<T>> read)
    {
        try
        {
            return await read(session);
        }
        catch (Exception)
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public static void ThrowOnErrors(MigrationPlan plan, ILogger logger) => ThrowOnErrors(plan.Problems, logger);

    public static void ThrowOnErrors(IReadOnlyList<ValidationProblem> problems, ILogger logger)
    {
        foreach (var warning in problems.Where(p => p.Severity == ProblemSeverity.Warning))
        {
            Log.ProblemWarning(logger, warning.Location, warning.Message);
        }

        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            throw new ValidationException(problems);
        }
    }

    public static ExecutionSettings SettingsFor(MigrationDirectives directives, MigratorOptions options) =>
        new(directives.LockTimeout ?? options.Defaults.LockTimeout, directives.StatementTimeout ?? options.Defaults.StatementTimeout);

    public static ISchemaTools SchemaTools(IMigrationProvider provider, string command) =>
        provider as ISchemaTools
        ?? throw new ConfigurationException($"{command} needs a provider with schema tools; {provider.DisplayName} does not offer them");
}
