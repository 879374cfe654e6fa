using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Execution;

/// <summary>
/// Adopts a database that predates Slipway: records one baseline row so every migration at or below its
/// version counts as applied and is never run. Only allowed before any migration was applied.
/// </summary>
public sealed class Baseliner
{
    private readonly EngineParts _engine;

    /// <summary>Creates the baseliner for one database.</summary>
    public Baseliner(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<Baseliner>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>
    /// Records the baseline. Idempotent for the same version; throws <see cref="ValidationException"/> when
    /// the history already has applied migrations or another baseline.
    /// </summary>
    public async Task<BaselineReport> RunAsync(MigrationVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        var covered = catalog.Versioned.Where(s => s.Version! <= version).Select(s => s.Name).ToList();
        await using var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken);
        await using (await session.LockAsync(_engine.Options.LockWait, cancellationToken))
        {
            await session.EnsureHistoryTableAsync(cancellationToken);
            var history = await session.ReadHistoryAsync(false, cancellationToken);
            if (history.LastOrDefault(h => h.Kind == MigrationKind.Baseline) is { } existing)
            {
                if (existing.Version == version)
                {
                    return new BaselineReport(version, covered, AlreadyBaselined: true);
                }

                throw new ValidationException([ValidationProblem.Error("already-baselined", "history",
                    $"the database already has a baseline at version {existing.Version}; a database is baselined once")]);
            }

            if (history.Where(h => h.Kind == MigrationKind.Versioned && h.Success).Select(h => h.Version).Max() is { } applied)
            {
                throw new ValidationException([ValidationProblem.Error("history-not-empty", "history",
                    $"migrations were already applied (newest: version {applied}); baseline is for a database that predates Slipway. Nothing was changed")]);
            }

            await session.ApplyAsync(new ChangeSet
            {
                Record = new HistoryRecord
                {
                    Version = version,
                    Description = "baseline",
                    Kind = MigrationKind.Baseline,
                    Script = "<< baseline >>",
                    Host = _engine.Options.Identity.Host,
                    AppVersion = _engine.Options.Identity.AppVersion,
                    Note = $"versions up to {version} predate Slipway and count as applied ({covered.Count} migration file(s))",
                },
            }, cancellationToken);
            Log.BaselineRecorded(_engine.Logger, version.Text);
            return new BaselineReport(version, covered, AlreadyBaselined: false);
        }
    }
}
