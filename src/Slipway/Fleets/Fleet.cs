using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.Fleets;

/// <summary>
/// Runs an engine operation over many targets: bounded parallelism, a canary stage, stop or continue
/// after a failure, and sharding over several processes. Each target is migrated by the same engine as
/// a single database, with its own history table and lock, so every guarantee holds per target.
/// </summary>
public sealed class Fleet
{
    private readonly FleetOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <summary>Creates a fleet of <paramref name="targets"/>; with a shard in <paramref name="options"/>, only that shard's.</summary>
    public Fleet(IReadOnlyList<FleetTarget> targets, FleetOptions? options = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _options = options ?? new FleetOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<Fleet>();
        Listed = targets.Count;
        Targets = _options.Shard is { } shard ? [.. targets.Where(shard.Contains)] : targets;
    }

    /// <summary>The targets this fleet runs (its shard's), in target order.</summary>
    public IReadOnlyList<FleetTarget> Targets { get; }

    /// <summary>How many targets were listed before sharding.</summary>
    public int Listed { get; }

    /// <summary>
    /// Runs <paramref name="operation"/> on every target under the fleet's options. A target's exception
    /// is that target's failure; cancellation stops the run. <paramref name="progress"/> hears of each
    /// target as it ends, on the thread that ran it.
    /// </summary>
    public async Task<FleetReport> RunAsync(Func<FleetTarget, CancellationToken, Task<FleetOutcome>> operation, IProgress<FleetTargetResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var clock = Stopwatch.StartNew();
        var results = await new FleetScheduler(_options, progress).RunAsync(Targets, operation, cancellationToken);
        return new FleetReport { Results = results, Listed = Listed, Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// Applies every pending migration of <paramref name="sources"/> on every target. The migrations are
    /// read once for the whole run and the histories first, one read per server where the provider can
    /// (<see cref="IFleetProvider"/>); a target with nothing pending is then done without a session of its
    /// own, every other one runs <see cref="Migrator.MigrateAsync(PlanRequest?, CancellationToken)"/> from
    /// that read, which takes the target's lock and reads its history again under it.
    /// </summary>
    public async Task<FleetReport> MigrateAsync(IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, PlanRequest? request = null, IProgress<FleetTargetResult>? progress = null, CancellationToken cancellationToken = default)
    {
        request ??= new PlanRequest();
        var (catalog, prefetch) = await PrepareAsync(sources, options, cancellationToken);
        return await RunAsync(
            async (target, ct) =>
            {
                var parts = catalog!.For(target, sources, options, _loggers.CreateLogger<Migrator>());
                var history = prefetch.For(target);
                if (history is not null && Planner.Plan(parts.Catalog!, history, request, target.Provider.Dialect) is { HasErrors: false, Pending.Count: 0 } done)
                {
                    return new FleetOutcome(done.CurrentVersion?.Text, 0, []);
                }

                var report = await new Migrator(parts).MigrateAsync(request, history, ct);
                return new FleetOutcome(report.CurrentVersion?.Text, report.AppliedCount, []);
            },
            progress,
            cancellationToken);
    }

    /// <summary>
    /// Plans every target without changing anything and without locks (status, plan); with
    /// <paramref name="validate"/>, a target whose plan has errors fails with a <see cref="Diagnostics.ValidationException"/>.
    /// </summary>
    public async Task<FleetReport> PlanAsync(IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, PlanRequest? request = null, bool validate = false, IProgress<FleetTargetResult>? progress = null, CancellationToken cancellationToken = default)
    {
        request ??= new PlanRequest();
        var (catalog, prefetch) = await PrepareAsync(sources, options, cancellationToken);
        return await RunAsync(
            async (target, ct) =>
            {
                var parts = catalog!.For(target, sources, options, _loggers.CreateLogger<Migrator>());
                var plan = prefetch.For(target) is { } history
                    ? Planner.Plan(parts.Catalog!, history, request, target.Provider.Dialect)
                    : await new Migrator(parts).PlanAsync(request, ct);
                if (validate)
                {
                    EngineSteps.ThrowOnErrors(plan, _logger);
                }

                return new FleetOutcome(plan.CurrentVersion?.Text, 0, [.. plan.Pending.Select(p => p.Name)]);
            },
            progress,
            cancellationToken);
    }

    /// <summary>Rolls every target back as <paramref name="request"/> says, with <see cref="RollbackRunner"/> per target.</summary>
    public async Task<FleetReport> RollbackAsync(IReadOnlyList<IMigrationSource> sources, RollbackRequest request, MigratorOptions? options = null, IProgress<FleetTargetResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = await CatalogAsync(sources, options, cancellationToken);
        return await RunAsync(
            async (target, ct) =>
            {
                var report = await new RollbackRunner(catalog!.For(target, sources, options, _loggers.CreateLogger<RollbackRunner>())).RunAsync(request, ct);
                return new FleetOutcome(report.CurrentVersion?.Text, report.DryRun ? 0 : report.RolledBackCount, []);
            },
            progress,
            cancellationToken);
    }

    /// <summary>
    /// Compares every target's live schema with the schema its own applied migrations build, with
    /// <see cref="DriftDetector"/> per target. A drifted target succeeds with its differences in
    /// <see cref="FleetOutcome.Drift"/>, so drift never stops the run; a target whose expected schema
    /// cannot be rebuilt (or whose check fails) is that target's failure.
    /// </summary>
    public async Task<FleetReport> DriftAsync(IReadOnlyList<IMigrationSource> sources, DriftRequest? request = null, MigratorOptions? options = null, IProgress<FleetTargetResult>? progress = null, CancellationToken cancellationToken = default)
    {
        request ??= new DriftRequest();
        var catalog = await CatalogAsync(sources, options, cancellationToken);
        return await RunAsync(
            async (target, ct) =>
            {
                var report = await new DriftDetector(catalog!.For(target, sources, options, _loggers.CreateLogger<DriftDetector>())).RunAsync(request, ct);
                return new FleetOutcome(report.Version?.Text, 0, []) { Drift = report };
            },
            progress,
            cancellationToken);
    }

    /// <summary>The placeholder that names each target's tenant in its migrations: <c>${tenant}</c>.</summary>
    public const string TenantPlaceholder = "tenant";

    /// <summary>
    /// A target's own options: the run's, with <c>${tenant}</c> set to the target's tenant (it replaces a
    /// run-wide value of that name: in a fleet the tenant is per target).
    /// </summary>
    public static MigratorOptions For(FleetTarget target, MigratorOptions? options)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new MigratorOptions();
        var placeholders = options.Placeholders
            .Where(p => !string.Equals(p.Key, TenantPlaceholder, StringComparison.OrdinalIgnoreCase))
            .Append(new KeyValuePair<string, string>(TenantPlaceholder, target.Tenant))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        return options with { Placeholders = placeholders };
    }

    // The migrations are read once for the whole fleet and checked with the first target's values: what
    // is pending and whether checksums match do not depend on placeholder values (checksums are over the
    // text as written). Migrate and plan then read every target's history, one round trip per server
    // where it can be.
    private async Task<(FleetCatalog? Catalog, HistoryPrefetch Prefetch)> PrepareAsync(IReadOnlyList<IMigrationSource> sources, MigratorOptions? options, CancellationToken cancellationToken) =>
        (await CatalogAsync(sources, options, cancellationToken), await HistoryPrefetch.ReadAsync(Targets, _logger, cancellationToken));

    private async Task<FleetCatalog?> CatalogAsync(IReadOnlyList<IMigrationSource> sources, MigratorOptions? options, CancellationToken cancellationToken) =>
        Targets.Count == 0 ? null : await FleetCatalog.LoadAsync(sources, EngineParts.Of(Targets[0].Provider, sources, For(Targets[0], options), _logger), cancellationToken);
}
