using Microsoft.Extensions.Logging;
using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>
/// A reviewed schema file next to the migrations (as dbmate's dump or Rails' structure.sql): written from
/// the live database, and checked against the schema the migrations on disk build.
/// </summary>
public sealed class SchemaFile
{
    private readonly EngineParts _engine;

    /// <summary>Creates the tool; <paramref name="provider"/> must implement <see cref="ISchemaTools"/>.</summary>
    public SchemaFile(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<SchemaFile>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>The live schema as a schema file: deterministic, the history table left out.</summary>
    public async Task<string> DumpAsync(CancellationToken cancellationToken = default)
    {
        var tools = EngineSteps.SchemaTools(_engine.Provider, "schema dump");
        await (await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken)).DisposeAsync();
        return SchemaText.Format((await tools.SnapshotAsync(cancellationToken)).Without(SchemaSnapshot.GrantPrefix));
    }

    /// <summary>
    /// Replays every migration on disk (versioned in order, then repeatables) on a scratch target and
    /// compares the schema they build with <paramref name="committed"/>, the text of the file called
    /// <paramref name="fileName"/>. The real database is not touched.
    /// </summary>
    public async Task<SchemaCheckReport> CheckAsync(string committed, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(fileName);
        var tools = EngineSteps.SchemaTools(_engine.Provider, "schema check");
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        var steps = catalog.Versioned.Concat(catalog.Repeatable).Select(s => new SchemaReplay.Step(s)).ToList();
        var (snapshot, scratch) = await SchemaReplay.BuildAsync(tools, _engine.Provider.Dialect, steps, _engine.Options, _engine.Logger, cancellationToken);
        var expected = SchemaText.Format(snapshot.Without(SchemaSnapshot.GrantPrefix));
        var diff = UnifiedDiff.Format(SchemaText.Lines(committed), SchemaText.Lines(expected), fileName, "schema built by the migrations");
        return new SchemaCheckReport { Scratch = scratch, Replayed = steps.Count, Diff = diff, Expected = expected };
    }
}
