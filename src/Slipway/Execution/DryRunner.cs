using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// A real dry run: executes every pending transactional migration, in order, inside one transaction on
/// the target and rolls it back, proving they apply to today's data without changing anything.
/// </summary>
public sealed class DryRunner
{
    private readonly EngineParts _engine;

    /// <summary>Creates the runner; <paramref name="provider"/> must implement <see cref="ISchemaTools"/>.</summary>
    public DryRunner(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<DryRunner>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>
    /// Runs the dry run under the migration lock (so it never races a real run). Throws
    /// <see cref="MigrationFailedException"/> naming the migration that would fail; the target is unchanged either way.
    /// </summary>
    public async Task<DryRunReport> RunAsync(PlanRequest? request = null, CancellationToken cancellationToken = default)
    {
        var tools = EngineSteps.SchemaTools(_engine.Provider, "a dry run");
        var catalog = await MigrationCatalog.LoadAsync(_engine.Sources, _engine.Placeholders, cancellationToken);
        await using var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken);
        await using (await session.LockAsync(_engine.Options.LockWait, cancellationToken))
        {
            var plan = Planner.Plan(catalog, await session.ReadHistoryAsync(false, cancellationToken), request ?? new PlanRequest(), _engine.Provider.Dialect);
            EngineSteps.ThrowOnErrors(plan, _engine.Logger);
            var executed = plan.Pending.Where(Transactional).ToList();
            var changes = executed.Select(s => new ChangeSet
            {
                Sql = s.Sql,
                Statements = ScriptAnalysis.Of(s, _engine.Provider.Dialect).Statements,
                Record = HistoryRecord.For(s, _engine.Options.Identity),
                Settings = EngineSteps.SettingsFor(s.Directives, _engine.Options),
            }).ToList();
            var clock = Stopwatch.StartNew();
            IReadOnlyList<TimeSpan> durations;
            try
            {
                durations = changes.Count == 0 ? [] : await tools.ExecuteAndRollBackAsync(changes, cancellationToken);
            }
            catch (MigrationFailedException ex)
            {
                var skipped = plan.Pending.TakeWhile(p => p.Name != ex.Script).Where(p => !Transactional(p)).Select(p => p.Name).ToList();
                var hint = skipped.Count == 0 ? string.Empty : $" It may depend on {string.Join(", ", skipped)}, which the dry run does not execute.";
                throw new MigrationFailedException(ex.Script, $"Dry run: {ex.Message}. The dry run was rolled back; nothing was changed.{hint}", ex);
            }

            Log.DryRunExecuted(_engine.Logger, changes.Count, clock.ElapsedMilliseconds);
            return new DryRunReport
            {
                Executed = [.. executed.Zip(durations, (s, d) => new MigrationResult(s.Name, s.Version?.Text, d, MigrationStatus.Applied))],
                NotExecuted = [.. plan.Pending.Where(p => !Transactional(p))],
                CurrentVersion = plan.CurrentVersion,
            };
        }
    }

    // Only what runs in one transaction can be rolled back: statement-by-statement migrations commit as they
    // go. C# migrations are left out too: the dry run sends SQL in one batch and has no place for code.
    private bool Transactional(MigrationScript script) => script.Code is null && ScriptAnalysis.Of(script, _engine.Provider.Dialect).Transactional;
}
