using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Execution;

/// <summary>
/// Finds drift: rebuilds the schema the database should have from exactly the migrations its history
/// says were applied (replayed on a scratch target), snapshots both and reports every object that differs.
/// The real database is only read.
/// </summary>
public sealed class DriftDetector
{
    private readonly EngineParts _engine;

    /// <summary>Creates the detector; <paramref name="provider"/> must implement <see cref="ISchemaTools"/>.</summary>
    public DriftDetector(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<DriftDetector>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>A detector over parts already checked, e.g. with the catalog a fleet read once for every target.</summary>
    internal DriftDetector(EngineParts engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Compares the live schema with the expected one. Throws <see cref="ValidationException"/> before
    /// building anything when the expected schema cannot be rebuilt (an applied migration's file is missing
    /// or was edited, or the database was baselined without a baseline script), and <see cref="MigrationFailedException"/> when a
    /// migration fails on replay.
    /// </summary>
    public async Task<DriftReport> RunAsync(DriftRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new DriftRequest();
        var tools = EngineSteps.SchemaTools(_engine.Provider, "drift");
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        IReadOnlyList<AppliedMigration> history;
        await using (var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken))
        {
            history = await session.ReadHistoryAsync(false, cancellationToken);
        }

        var notes = new List<string>();
        var steps = Steps(catalog, history, notes);
        var (expected, scratch) = await SchemaReplay.BuildAsync(tools, _engine.Provider.Dialect, steps, _engine.Options, _engine.Logger, cancellationToken);
        var actual = await tools.SnapshotAsync(cancellationToken);
        if (!request.IncludeGrants)
        {
            (expected, actual) = (expected.Without(SchemaSnapshot.GrantPrefix), actual.Without(SchemaSnapshot.GrantPrefix));
        }

        var patterns = request.Exclude.Select(p => new ObjectPattern(p)).ToList();
        var all = SchemaSnapshot.Differences(expected, actual).ToList();
        var kept = all.Where(d => !patterns.Exists(p => p.Matches(d.Name))).ToList();
        var report = new DriftReport
        {
            Version = history.Where(h => h.Success && h.Kind is MigrationKind.Versioned or MigrationKind.Baseline).Select(h => h.Version).Max(),
            Replayed = steps.Count,
            Scratch = scratch,
            Differences = kept,
            Excluded = all.Count - kept.Count,
            Notes = notes,
        };
        if (request.Record)
        {
            var log = _engine.Provider as IDriftLog
                ?? throw new ConfigurationException($"recording drift needs a provider with a drift log; {_engine.Provider.DisplayName} does not offer one");
            await log.RecordAsync(DriftCheck.From(report, DateTimeOffset.UtcNow), cancellationToken);
        }

        return report;
    }

    // Exactly what history says ran: applied versions in version order, the statements an interrupted
    // non-transactional run finished, then each repeatable as last applied.
    private static List<SchemaReplay.Step> Steps(MigrationCatalog catalog, IReadOnlyList<AppliedMigration> history, List<string> notes)
    {
        var problems = new List<ValidationProblem>();
        var steps = new List<SchemaReplay.Step>();
        if (history.LastOrDefault(h => h.Kind == MigrationKind.Baseline) is { } baseline)
        {
            var file = catalog.Baselines.FirstOrDefault(b => string.Equals(b.Name, baseline.Script, StringComparison.Ordinal));
            if (baseline.Checksum is null)
            {
                problems.Add(ValidationProblem.Error("baselined", baseline.Script,
                    $"the database was baselined at version {baseline.Version}: what existed before Slipway was never created by a migration, so the expected schema cannot be rebuilt from migrations"));
            }
            else if (file is null)
            {
                problems.Add(ValidationProblem.Error("applied-missing", baseline.Script,
                    $"the baseline script built this database but is not in the migrations, so the expected schema cannot be rebuilt; restore the file"));
            }
            else if (baseline.Matches(file) == false)
            {
                problems.Add(ValidationProblem.Error("checksum-mismatch", file.Location,
                    "was modified after it built this database, so the SQL that ran is not known; revert the edit and compare again"));
            }
            else
            {
                // The database began as this baseline: the versioned migrations it covers never ran here.
                steps.Add(new SchemaReplay.Step(file));
            }
        }

        var onDisk = catalog.Versioned.ToDictionary(s => s.Version!);
        foreach (var row in history.Where(h => h.Kind == MigrationKind.Versioned && h.Version is not null).OrderBy(h => h.Version))
        {
            if (!onDisk.TryGetValue(row.Version!, out var script))
            {
                problems.Add(ValidationProblem.Error("applied-missing", row.Script,
                    $"version {row.Version} was applied but its file is not in the migrations, so the expected schema cannot be rebuilt; restore the file"));
            }
            else if (row.Matches(script) == false)
            {
                problems.Add(ValidationProblem.Error("checksum-mismatch", script.Location,
                    $"was modified after it was applied, so the SQL that ran is not known; revert the edit (or, after a whitespace or comment edit, run repair) and compare again"));
            }
            else
            {
                steps.Add(new SchemaReplay.Step(script, row.Success ? null : row.StatementsDone));
            }
        }

        foreach (var script in catalog.Repeatable)
        {
            var row = history.LastOrDefault(h => h.Kind == MigrationKind.Repeatable && h.Success && string.Equals(h.Script, script.Name, StringComparison.Ordinal));
            if (row is null)
            {
                continue;
            }

            if (row.Matches(script) != true)
            {
                notes.Add($"{script.Name} changed since it was last applied: the expected schema uses the file as it is now");
            }

            steps.Add(new SchemaReplay.Step(script));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return steps;
    }
}
