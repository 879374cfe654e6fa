using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Slipway.AspNetCore.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.AspNetCore.Status;

/// <summary>
/// Reads the schema status with one history query and no lock, remembers the latest result for the
/// metrics, and builds engines for the startup migration. Singleton.
/// </summary>
internal sealed class SchemaStatusReader
{
    private static readonly MigrationState[] NotReadyStates =
        [MigrationState.Pending, MigrationState.Failed, MigrationState.OutOfOrder, MigrationState.Deferred, MigrationState.Modified];

    private readonly SlipwayOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<IMigrationProvider> _provider;
    private volatile SchemaStatus? _latest;
    private volatile MigrationFailure? _lastFailure;
    private volatile DriftRead? _drift;

    public SchemaStatusReader(IOptions<SlipwayOptions> options, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _options = options.Value;
        _loggers = loggers;
        _time = time ?? TimeProvider.System;
        _logger = loggers.CreateLogger("Slipway.AspNetCore");
        _provider = new Lazy<IMigrationProvider>(() => ProviderSelector.Create(_options));
    }

    /// <summary>The result of the latest read, or null before the first.</summary>
    public SchemaStatus? Latest => _latest;

    public string DatabaseName => _provider.Value.DisplayName;

    public IMigrationProvider Provider => _provider.Value;

    public Migrator CreateMigrator(bool forStartup) => new(
        _provider.Value,
        [.. _options.Sources],
        CreateOptions(forStartup),
        _loggers.CreateLogger<Migrator>());

    public MigratorOptions CreateOptions(bool forStartup) => new()
    {
        LockWait = _options.LockWait,
        ConnectWait = forStartup ? _options.ConnectWait : TimeSpan.Zero,
        Identity = new RunIdentity(Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } host ? host : Environment.MachineName, _options.AppVersion),
        Placeholders = new Dictionary<string, string>(_options.Placeholders, StringComparer.OrdinalIgnoreCase),
    };

    public void RecordFailure(string? script, string message) =>
        _lastFailure = new MigrationFailure(_time.GetUtcNow(), script, message);

    /// <summary>
    /// Reads the status. The last drift check is read again only when <paramref name="freshDrift"/> is set (the
    /// status page) or the one remembered is older than <see cref="DriftRefresh"/>: readiness probes run every few
    /// seconds in every pod, and drift is recorded at most every few minutes by a scheduled job.
    /// </summary>
    public async Task<SchemaStatus> ReadAsync(bool freshDrift = false, CancellationToken cancellationToken = default)
    {
        SchemaStatus status;
        try
        {
            var plan = await CreateMigrator(forStartup: false).PlanAsync(new PlanRequest(), cancellationToken);
            status = FromPlan(plan) with { Drift = await DriftAsync(freshDrift, cancellationToken) };
        }
        catch (Exception ex) when (ex is SlipwayException or DbException)
        {
            // Provider messages never carry the password; the app must stay alive and say why it is unready.
            var message = ProviderSelector.Explain(ex).Message;
            Log.StatusReadFailed(_logger, message);
            status = new SchemaStatus { CheckedAt = _time.GetUtcNow(), Database = DatabaseName, Error = message, LastFailure = _lastFailure };
        }

        _latest = status;
        return status;
    }

    /// <summary>How long a drift check read from the database is reused by reads that do not ask for a fresh one.</summary>
    public static TimeSpan DriftRefresh { get; } = TimeSpan.FromMinutes(1);

    private async Task<DriftCheck?> DriftAsync(bool fresh, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!fresh && _drift is { } remembered && now - remembered.At < DriftRefresh)
        {
            return remembered.Check;
        }

        var check = await ReadDriftAsync(cancellationToken);
        _drift = new DriftRead(now, check);
        return check;
    }

    // Drift is information, never a reason to be unready: a check that cannot be read shows as none.
    private async Task<DriftCheck?> ReadDriftAsync(CancellationToken cancellationToken)
    {
        if (_provider.Value is not IDriftLog log)
        {
            return null;
        }

        try
        {
            return await log.ReadLatestAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SlipwayException or DbException)
        {
            Log.StatusReadFailed(_logger, "the last drift check: " + ProviderSelector.Explain(ex).Message);
            return null;
        }
    }

    private SchemaStatus FromPlan(MigrationPlan plan)
    {
        var missing = plan.Entries.Where(e => e.Phase == MigrationPhase.PreDeploy && NotReadyStates.Contains(e.State)).ToList();
        var contract = plan.Entries.Where(e => e.Phase == MigrationPhase.PostDeploy && e.State is MigrationState.Pending or MigrationState.Failed or MigrationState.Deferred).ToList();

        // A database ahead of the app (an older image after a rollback) is normal with expand/contract:
        // migrations the app does not know about never make it unready.
        var errors = plan.Problems.Where(p => p.Severity == ProblemSeverity.Error && p.Code is not ("applied-missing" or "out-of-order")).ToList();
        var stopped = plan.Entries.LastOrDefault(e => e.State == MigrationState.Failed && e.Applied is not null);
        var failure = _lastFailure;
        if (stopped?.Applied is { } row && (failure is null || row.StartedAt > failure.At))
        {
            failure = new MigrationFailure(row.StartedAt, row.Script, $"stopped after {row.StatementsDone} statement(s); the next migrate run resumes it");
        }

        return new SchemaStatus
        {
            CheckedAt = _time.GetUtcNow(),
            Database = DatabaseName,
            CurrentVersion = plan.CurrentVersion,
            ExpectedVersion = plan.Entries.Where(e => e.Version is not null && e.State != MigrationState.Missing).Select(e => e.Version).Max(),
            Entries = plan.Entries,
            Problems = plan.Problems,
            Missing = missing,
            PostDeployPending = contract,
            Errors = errors,
            LastFailure = failure,
        };
    }

    private sealed record DriftRead(DateTimeOffset At, DriftCheck? Check);
}
