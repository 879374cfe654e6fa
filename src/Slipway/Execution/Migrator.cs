using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Locking;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// The engine: reads migrations and history, validates, takes the lock only when something is
/// pending, and applies each migration atomically with its history row.
/// </summary>
public sealed partial class Migrator
{
    private readonly EngineParts _engine;

    /// <summary>Creates an engine for one database and a set of migration sources (merged by version).</summary>
    public Migrator(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<Migrator>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>An engine over parts already checked, e.g. with the catalog a fleet read once for every target.</summary>
    internal Migrator(EngineParts engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Computes the plan (status, pending, problems) without changing anything and without the lock.
    /// Validation problems are returned, not thrown.
    /// </summary>
    public async Task<MigrationPlan> PlanAsync(PlanRequest? request = null, CancellationToken cancellationToken = default)
    {
        var (catalog, session, history) = await EngineSteps.LoadAndReadHistoryAsync(_engine, cancellationToken);
        await using (session)
        {
            return Planner.Plan(catalog, history, request ?? new PlanRequest(), _engine.Provider.Dialect);
        }
    }

    /// <summary>Like <see cref="PlanAsync"/>, but throws <see cref="ValidationException"/> when any error is found.</summary>
    public async Task<MigrationPlan> ValidateAsync(PlanRequest? request = null, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(request, cancellationToken);
        EngineSteps.ThrowOnErrors(plan, _engine.Logger);
        return plan;
    }

    /// <summary>
    /// Applies every pending migration. Fast path: when nothing is pending, returns after one history
    /// read without taking the lock. Otherwise takes the lock, re-reads history and re-validates under
    /// it, then applies each migration in its own transaction together with its history row. A runner that
    /// finds the lock held waits until it is released and reads the history again without it: when the
    /// holder applied everything, it returns without ever taking the lock.
    /// </summary>
    public Task<MigrateReport> MigrateAsync(PlanRequest? request = null, CancellationToken cancellationToken = default) =>
        MigrateAsync(request ?? new PlanRequest(), null, cancellationToken);

    /// <summary>
    /// <see cref="MigrateAsync(PlanRequest?, CancellationToken)"/> starting from a history read a moment ago
    /// without the lock (a fleet's read of every target at once): the session skips its own first read and
    /// goes straight to the lock, under which the history is read again as always.
    /// </summary>
    internal async Task<MigrateReport> MigrateAsync(PlanRequest request, IReadOnlyList<AppliedMigration>? readBefore, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (catalog, session, history) = readBefore is not null && _engine.Catalog is { } read
            ? (read, await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken), readBefore)
            : await EngineSteps.LoadAndCheckHistoryAsync(_engine, cancellationToken);
        await using var owned = session;
        if (history is null)
        {
            // Every migration is applied (checked as the rows were read): what the plan would say, without it.
            EngineSteps.ThrowOnErrors(catalog.Problems, _engine.Logger);
            return UpToDate(catalog.Latest, fastPath: true);
        }

        var plan = Planner.Plan(catalog, history, request, _engine.Provider.Dialect);
        EngineSteps.ThrowOnErrors(plan, _engine.Logger);
        if (plan.Pending.Count == 0)
        {
            return UpToDate(plan.CurrentVersion, fastPath: true);
        }

        var lockClock = Stopwatch.StartNew();
        var (migrationLock, doneAt) = await LockUnlessDoneAsync(session, catalog, request, cancellationToken);
        if (migrationLock is null)
        {
            // Another runner applied everything while this one waited: done without ever taking the lock.
            return UpToDate(doneAt, fastPath: false);
        }

        try
        {
            var underLock = await session.ReadHistoryAsync(false, cancellationToken);
            plan = Planner.Plan(catalog, underLock, request, _engine.Provider.Dialect);
            EngineSteps.ThrowOnErrors(plan, _engine.Logger);
            Log.LockAcquired(_engine.Logger, lockClock.ElapsedMilliseconds, plan.Pending.Count);

            if (plan.Pending.Any(p => p.Code is not null))
            {
                // Refused before anything is applied, not when the first C# migration is reached.
                ScriptExecutor.CodeSession(session);
            }

            // Observers may refuse the run (a failed backup, lint errors): before the history table is created, so a refusal changes nothing.
            await BeforeApplyAsync(plan, cancellationToken);
            await session.EnsureHistoryTableAsync(cancellationToken);
            var results = new List<MigrationResult>();
            foreach (var script in plan.Pending)
            {
                results.Add(await ApplyObservedAsync(session, script, underLock, cancellationToken));
            }

            var current = results.Where(r => r.Version is not null).Select(r => MigrationVersion.Parse(r.Version!)).Append(plan.CurrentVersion).Max();
            if (results.Count == 0 || results.TrueForAll(r => r.Status == MigrationStatus.AlreadyApplied))
            {
                Log.UpToDate(_engine.Logger, current?.Text ?? "(empty)");
            }

            return new MigrateReport { Results = results, CurrentVersion = current, Elapsed = clock.Elapsed };
        }
        finally
        {
            // Released even when interrupted: the next runner (or the next pod) must not wait for it.
            await migrationLock.DisposeAsync();
            Log.LockReleased(_engine.Logger);
        }

        // Nothing to apply: said once, whichever way the run found it out.
        MigrateReport UpToDate(MigrationVersion? version, bool fastPath)
        {
            Log.UpToDate(_engine.Logger, version?.Text ?? "(empty)");
            return new MigrateReport { Results = [], CurrentVersion = version, FastPath = fastPath, Elapsed = clock.Elapsed };
        }
    }

    /// <summary>
    /// Takes the lock when it is free. When another runner holds it, waits until it is free without taking it
    /// (every waiter wakes at once instead of queueing for the lock), then re-reads the history without the
    /// lock: when that runner left nothing pending, returns no lock and the version the database is at. The
    /// whole wait stays within the lock-wait budget and ends in the locker's timeout, which names the holder.
    /// </summary>
    private async Task<(IAsyncDisposable? Lock, MigrationVersion? DoneAt)> LockUnlessDoneAsync(
        IMigrationSession session, MigrationCatalog catalog, PlanRequest request, CancellationToken cancellationToken)
    {
        var wait = _engine.Options.LockWait;
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            var tried = await session.TryLockAsync(cancellationToken);
            if (tried.Lock is { } held)
            {
                return (held, null);
            }

            Log.LockBusy(_engine.Logger, tried.Holder ?? "unknown");
            await LockPolling.BeforeWaitingAgainAsync(attempt, clock.Elapsed, wait, _engine.Provider.DisplayName, tried.Holder, cancellationToken);
            await session.WaitUntilFreeAsync(LockPolling.Remaining(wait, clock.Elapsed), cancellationToken);
            if (await EngineSteps.CheckOrReadHistoryAsync(session, catalog, cancellationToken) is not { } history)
            {
                return (null, catalog.Latest);
            }

            var plan = Planner.Plan(catalog, history, request, _engine.Provider.Dialect);
            EngineSteps.ThrowOnErrors(plan, _engine.Logger);
            if (plan.Pending.Count == 0)
            {
                return (null, plan.CurrentVersion);
            }
        }
    }

    private async Task<MigrationResult> ApplyOneAsync(IMigrationSession session, MigrationScript script, IReadOnlyList<AppliedMigration> underLock, CancellationToken cancellationToken)
    {
        Log.Applying(_engine.Logger, script.Name);
        var analysis = ScriptAnalysis.Of(script, _engine.Provider.Dialect);
        var run = new ScriptRun(script.Name, script.Location, script.Version?.Text, script.Sql, analysis,
            Annotate(script, HistoryRecord.For(script, _engine.Options.Identity)), EngineSteps.SettingsFor(script.Directives, _engine.Options))
        {
            Code = script.Code?.Body(_engine, script.Version!),
            HistoryUnderLock = underLock,
        };
        var executor = new ScriptExecutor(session, new LockTimeoutRetry(_engine.Options.LockRetries, _engine.Logger), _engine.Logger);
        var result = await executor.RunAsync(run, cancellationToken);
        if (result.Status == MigrationStatus.AlreadyApplied)
        {
            Log.AlreadyApplied(_engine.Logger, script.Name);
        }
        else
        {
            Log.Applied(_engine.Logger, script.Name, (long)result.Duration.TotalMilliseconds);
        }

        return result;
    }
}
