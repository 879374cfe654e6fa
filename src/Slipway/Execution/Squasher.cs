using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>
/// Writes one baseline script equivalent to the versioned migrations up to a version: replays them on a
/// scratch target and has the provider script what they built. Before the script is returned it is run
/// on a second scratch target, and it must build exactly the same schema. The real database is not touched.
/// </summary>
public sealed class Squasher
{
    private readonly EngineParts _engine;

    /// <summary>Creates the squasher; <paramref name="provider"/> must implement <see cref="ISchemaTools"/>, its scratch targets <see cref="ISchemaScripter"/>.</summary>
    public Squasher(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<Squasher>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>
    /// Squashes the versioned migrations up to and including <paramref name="to"/>. Throws
    /// <see cref="ConfigurationException"/> when no versioned migration has that version,
    /// <see cref="MigrationFailedException"/> when a migration fails on replay, and
    /// <see cref="VerificationException"/> when the script does not build the schema the migrations build.
    /// </summary>
    public async Task<SquashReport> RunAsync(MigrationVersion to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        var tools = EngineSteps.SchemaTools(_engine.Provider, "squash");
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        if (!catalog.Versioned.Any(s => s.Version! == to))
        {
            var known = catalog.Versioned.Count == 0 ? "there are no versioned migrations" : $"the versions go from {catalog.Versioned[0].Version} to {catalog.Latest}";
            throw new ConfigurationException($"version {to} is not a versioned migration ({known}); squash up to the version of an existing migration");
        }

        var covered = catalog.Versioned.Where(s => s.Version! <= to).ToList();
        await using var scratch = await tools.CreateScratchAsync(cancellationToken);
        Log.ScratchCreated(_engine.Logger, scratch.Description);
        if (scratch.Schema is not null)
        {
            // The script names the default schema; checking it in a scratch schema would run it on the real database.
            throw new ConfigurationException($"squash builds the baseline in a temporary database, and the role of {_engine.Provider.DisplayName} may not create one; run it as a role with CREATEDB (a local development database will do)");
        }

        var scripter = scratch.Provider as ISchemaScripter
            ?? throw new ConfigurationException($"squash needs a provider that can write a schema as a script; {_engine.Provider.DisplayName} cannot");
        await SchemaReplay.ReplayAsync(scratch, _engine.Provider.Dialect, covered.Select(s => new SchemaReplay.Step(s)), _engine.Options, _engine.Logger, cancellationToken);
        var expected = await SchemaReplay.SnapshotAsync(scratch, cancellationToken);
        var script = Header(to, covered) + await scripter.ScriptAsync(cancellationToken);
        await CheckAsync(tools, to, script, expected, cancellationToken);
        return new SquashReport { Version = to, Covered = [.. covered.Select(s => s.Name)], Script = script, Scratch = scratch.Description };
    }

    // The script is only worth writing if it builds what the migrations build.
    private async Task CheckAsync(ISchemaTools tools, MigrationVersion to, string script, SchemaSnapshot expected, CancellationToken cancellationToken)
    {
        var baseline = new MigrationScript
        {
            Version = to,
            Description = "squashed",
            Kind = MigrationKind.Baseline,
            Name = "B" + to.Text + "__squashed.sql",
            Location = "the squashed script",
            Sql = script,
            Checksum = Checksum.Compute(script),
        };
        await using var check = await tools.CreateScratchAsync(cancellationToken);
        Log.ScratchCreated(_engine.Logger, check.Description);
        await SchemaReplay.ReplayAsync(check, _engine.Provider.Dialect, [new SchemaReplay.Step(baseline)], _engine.Options, _engine.Logger, cancellationToken);
        if (SchemaSnapshot.FirstDifference(expected, await SchemaReplay.SnapshotAsync(check, cancellationToken)) is { } difference)
        {
            throw new VerificationException(baseline.Name,
                $"the squashed script does not build the schema the migrations up to version {to} build ({difference}); nothing was written. Squash to another version, or report the object that does not survive");
        }
    }

    private static string Header(MigrationVersion to, List<MigrationScript> covered) => string.Create(CultureInfo.InvariantCulture,
        $"""
        -- slipway: placeholders=off
        -- Baseline for version {to}: the schema and rows the {covered.Count} versioned migration(s) from {covered[0].Name} to {covered[^1].Name} build.
        -- Written by `slipway squash --to {to}`; write it again rather than editing it.
        -- A new database runs it in place of those migrations; a database with any history ignores it.
        -- Placeholders in those migrations are written with the values they had when it was written.


        """);
}
