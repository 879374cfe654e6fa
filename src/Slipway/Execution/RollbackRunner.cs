using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Undoes applied migrations, newest first. Every step is checked before anything runs. Each down script
/// then runs as any migration would: in its own transaction together with deleting its history row and
/// writing a rollback audit row, or, when the server refuses it inside a transaction (or it says
/// <c>no-transaction</c>), statement by statement with its progress recorded in that audit row, so an
/// interrupted rollback resumes where it stopped. A failure leaves every earlier step done and
/// everything older untouched.
/// </summary>
public sealed class RollbackRunner
{
    private readonly EngineParts _engine;

    /// <summary>Creates the runner for one database and this image's migration sources.</summary>
    public RollbackRunner(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<RollbackRunner>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>A runner over parts already checked, e.g. with the catalog a fleet read once for every target.</summary>
    internal RollbackRunner(EngineParts engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Rolls back as asked. Throws <see cref="ValidationException"/> before changing anything when a step has
    /// no down script or the request cannot be met, and <see cref="MigrationFailedException"/> naming the
    /// down script when one fails (earlier steps stay rolled back; the failed one is rolled back by its transaction).
    /// </summary>
    public async Task<RollbackReport> RunAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.ToKnown && request.To is null)
        {
            throw new ConfigurationException("rollback needs a target version (0 for everything) or the versions the migrations know");
        }

        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        await using var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken);
        if (request.DryRun)
        {
            var history = await session.ReadHistoryAsync(includeDownScripts: true, cancellationToken);
            return new RollbackReport { Steps = Steps(catalog, history, request), CurrentVersion = Current(history), DryRun = true };
        }

        await using (await session.LockAsync(_engine.Options.LockWait, cancellationToken))
        {
            var history = await session.ReadHistoryAsync(includeDownScripts: true, cancellationToken);
            var steps = Steps(catalog, history, request);
            var results = new List<MigrationResult>();
            var executor = new ScriptExecutor(session, new LockTimeoutRetry(_engine.Options.LockRetries, _engine.Logger), _engine.Logger);
            foreach (var step in steps)
            {
                results.Add(await UndoAsync(executor, step, results, cancellationToken));
            }

            var after = steps.Count == 0 ? history : await session.ReadHistoryAsync(includeDownScripts: false, cancellationToken);
            return new RollbackReport { Steps = steps, Results = results, CurrentVersion = Current(after) };
        }
    }

    private static MigrationVersion? Current(IReadOnlyList<AppliedMigration> history) =>
        history.Where(h => h.Success && h.Version is not null && h.Kind is MigrationKind.Versioned or MigrationKind.Baseline).Select(h => h.Version).Max();

    private List<RollbackStep> Steps(MigrationCatalog catalog, IReadOnlyList<AppliedMigration> history, RollbackRequest request)
    {
        var onDisk = catalog.Versioned.ToDictionary(s => s.Version!);
        var applied = history.Where(h => h.Kind == MigrationKind.Versioned && h.Success && h.Version is not null).OrderByDescending(h => h.Version).ToList();
        var baseline = history.Where(h => h.Kind == MigrationKind.Baseline && h.Version is not null).Select(h => h.Version).Max();
        var problems = new List<ValidationProblem>();
        List<AppliedMigration> targets;
        if (request.ToKnown)
        {
            targets = [.. applied.Where(h => !onDisk.ContainsKey(h.Version!))];
            if (targets.Count > 0 && applied.FirstOrDefault(h => onDisk.ContainsKey(h.Version!) && h.Version! > targets[^1].Version!) is { } known)
            {
                // Undoing an unknown migration below a known one would pull the floor from under the known one.
                problems.Add(ValidationProblem.Error("known-above-unknown", known.Script,
                    $"version {known.Version} is known to this image but newer than version {targets[^1].Version}, which is not; roll back explicitly to a version"));
            }
        }
        else
        {
            targets = [.. applied.Where(h => h.Version! > request.To!)];
            if (baseline is not null && request.To! < baseline)
            {
                var row = history.Last(h => h.Kind == MigrationKind.Baseline);
                problems.Add(row.Checksum is null
                    ? ValidationProblem.Error("below-baseline", "history",
                        $"cannot roll back below the baseline at version {baseline}: migrations up to it predate Slipway and have no down scripts; roll back to version {baseline} or higher")
                    : ValidationProblem.Error("below-baseline", row.Script,
                        $"cannot roll back below version {baseline}: this database was built from the baseline script {row.Script}, so the migrations up to it never ran here and cannot be undone one by one; nothing was rolled back. Roll back to version {baseline} or higher, or build the database anew"));
            }
        }

        var steps = new List<RollbackStep>();
        foreach (var row in targets)
        {
            onDisk.TryGetValue(row.Version!, out var script);
            if (script?.Directives.Irreversible == true)
            {
                problems.Add(ValidationProblem.Error("irreversible", script.Location,
                    $"version {row.Version} is marked irreversible and cannot be rolled back; nothing was rolled back. Roll back to version {row.Version} or newer, or restore from a backup"));
            }
            else if (script?.DownSql is { } fileSql)
            {
                steps.Add(Checked(new RollbackStep(row.Version!, row.Script, script.DownName!, fileSql, FromHistory: false, row.Id) { Analysis = ScriptAnalysis.OfDown(script, _engine.Provider.Dialect) }, history, problems));
            }
            else if (script?.Code is { Reversible: true } code)
            {
                var analysis = ScriptAnalysis.Of(script.Location, string.Empty, MigrationDirectives.Default, _engine.Provider.Dialect);
                steps.Add(Checked(new RollbackStep(row.Version!, row.Script, script.Name + ".DownAsync", string.Empty, FromHistory: false, row.Id) { Analysis = analysis, Code = code.Body(_engine, row.Version!, down: true) }, history, problems));
            }
            else if (script?.Code is not null)
            {
                problems.Add(ValidationProblem.Error("no-down-script", script.Location,
                    $"version {row.Version} is a C# migration without DownAsync; nothing was rolled back. Implement IReversibleCodeMigration, add a U{row.Version}__*.sql file, or roll back only to version {row.Version}"));
            }
            else if (row.DownScript is { } stored)
            {
                var name = StoredDownName(row.Script);
                var location = name + " (stored in history)";
                var analysis = ScriptAnalysis.Of(location, stored, DirectiveParser.Parse(stored, location, new List<ValidationProblem>()), _engine.Provider.Dialect);
                steps.Add(Checked(new RollbackStep(row.Version!, row.Script, name, stored, FromHistory: true, row.Id) { Analysis = analysis }, history, problems));
            }
            else
            {
                problems.Add(ValidationProblem.Error("no-down-script", script?.Location ?? row.Script,
                    $"version {row.Version} has no down script (no U{row.Version}__*.sql or .down.sql file, none stored in history); nothing was rolled back. Add a down script, or roll back only to version {row.Version}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return steps;
    }

    // A down script is validated as an up script is, before any step runs: statements that cannot share
    // a transaction, and an interrupted earlier run that it can no longer resume.
    private static RollbackStep Checked(RollbackStep step, IReadOnlyList<AppliedMigration> history, List<ValidationProblem> problems)
    {
        var progress = ProgressRow.Find(history, AuditRecord(step, null));
        problems.AddRange(step.Analysis!.ResumeProblems(progress).Concat(step.Analysis.Problems));
        return step;
    }

    private static HistoryRecord AuditRecord(RollbackStep step, RunIdentity? identity) => new()
    {
        Version = step.Version,
        Description = "rollback of " + step.Script,
        Kind = MigrationKind.Rollback,
        Script = step.DownName,
        Host = identity?.Host,
        AppVersion = identity?.AppVersion,
        Note = $"rolled back version {step.Version} ({step.Script}) with the down script from {step.Source}",
    };

    private static string StoredDownName(string script) =>
        script.StartsWith('V') ? "U" + script[1..] : script.Replace(".up.sql", ".down.sql", StringComparison.Ordinal);

    private async Task<MigrationResult> UndoAsync(ScriptExecutor executor, RollbackStep step, List<MigrationResult> done, CancellationToken cancellationToken)
    {
        Log.RollingBack(_engine.Logger, step.Version.Text, step.DownName, step.Source);
        var analysis = step.Analysis!;
        var run = new ScriptRun(step.DownName, analysis.Location, step.Version.Text, step.DownSql, analysis, AuditRecord(step, _engine.Options.Identity), EngineSteps.SettingsFor(analysis.Directives, _engine.Options))
        {
            Replaces = [step.HistoryId],
            ResumedBy = "rollback",
            Code = step.Code,
        };
        MigrationResult result;
        try
        {
            result = await executor.RunAsync(run, cancellationToken);
        }
        catch (MigrationFailedException ex)
        {
            var before = done.Count == 0
                ? "Nothing was rolled back before it"
                : $"Rolled back before it: version(s) {string.Join(", ", done.Select(d => d.Version))}";
            var state = analysis.Transactional
                ? $"failed and was rolled back: {ex.Message.TrimEnd('.')}. {before}; version {step.Version} and older are unchanged. Fix the down script and run rollback again."
                : $"stopped: {ex.Message.TrimEnd('.')}. {before}; version {step.Version} is partly rolled back and older versions are unchanged.";
            throw new MigrationFailedException(step.DownName, $"Rollback stopped: {step.DownName} (undoing version {step.Version}) {state}", ex);
        }

        if (result.Status == MigrationStatus.AlreadyApplied)
        {
            Log.RollbackSkipped(_engine.Logger, step.Version.Text);
            return result;
        }

        Log.RolledBack(_engine.Logger, step.Version.Text, (long)result.Duration.TotalMilliseconds);
        return result;
    }
}
