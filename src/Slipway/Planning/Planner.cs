using Slipway.Discovery;
using Slipway.History;
using Slipway.Sql;

namespace Slipway.Planning;

/// <summary>
/// Compares the catalog with the history and decides what is pending and what is wrong. Pure: no I/O,
/// so every rule is tested in memory.
/// </summary>
internal static class Planner
{
    /// <summary>
    /// Makes the plan. Never throws for validation problems; they are in <see cref="MigrationPlan.Problems"/>.
    /// Pending migrations are also split with <paramref name="dialect"/>'s rules and checked for
    /// statements that cannot share a transaction.
    /// </summary>
    public static MigrationPlan Plan(MigrationCatalog catalog, IReadOnlyList<AppliedMigration> history, PlanRequest request, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<ValidationProblem>(catalog.Problems);
        var entries = new List<StatusEntry>();
        var pending = new List<MigrationScript>();

        var baseline = history.Where(h => h.Kind == MigrationKind.Baseline && h.Version is not null).Select(h => h.Version!).Max();
        var applied = new Dictionary<MigrationVersion, AppliedMigration>(history.Count);
        var failed = new Dictionary<MigrationVersion, AppliedMigration>();
        foreach (var row in history.Where(h => h.Kind == MigrationKind.Versioned && h.Version is not null))
        {
            (row.Success ? applied : failed)[row.Version!] = row;
        }

        var newestApplied = applied.Keys.Append(baseline).Where(v => v is not null).Max();
        var onDisk = catalog.Versioned.ToDictionary(s => s.Version!);

        // A new database starts from the newest baseline script at or below the target: the versioned
        // migrations it covers never run there. A database with history never runs a baseline script.
        var start = IsNew(history) ? StartingBaseline(catalog, request) : null;
        var covered = start?.Version ?? baseline;
        if (start is not null)
        {
            entries.Add(Entry(start.Version, start.Description, start.Name, MigrationKind.Baseline, MigrationPhase.PreDeploy, MigrationState.Pending, null));
            pending.Add(start);
        }

        foreach (var (version, row) in applied.Where(a => !onDisk.ContainsKey(a.Key)).OrderBy(a => a.Key))
        {
            problems.Add(ValidationProblem.Error("applied-missing", row.Script,
                $"version {version} was applied on {row.StartedAt:yyyy-MM-dd HH:mm} but its file is not in the migrations; restore the file, or roll the database back to the versions the migrations know"));
            entries.Add(Entry(version, row.Description, row.Script, MigrationKind.Versioned, row.Phase, MigrationState.Missing, row));
        }

        if (baseline is not null)
        {
            var baselineRow = history.Last(h => h.Kind == MigrationKind.Baseline);
            if (catalog.Baselines.FirstOrDefault(b => string.Equals(b.Name, baselineRow.Script, StringComparison.Ordinal)) is { } file && baselineRow.Matches(file) == false)
            {
                problems.Add(ValidationProblem.Error("checksum-mismatch", file.Location,
                    $"this baseline built the database and was modified since (checksum {Short(baselineRow.Checksum!)} in history, {Short(file.Checksum)} on disk); revert the edit, or write an edited baseline under a new version"));
            }

            entries.Add(Entry(baseline, baselineRow.Description, baselineRow.Script, MigrationKind.Baseline, MigrationPhase.PreDeploy, MigrationState.Applied, baselineRow));
        }

        var blocked = false;
        foreach (var script in catalog.Versioned)
        {
            var version = script.Version!;
            if (applied.TryGetValue(version, out var row))
            {
                var state = MigrationState.Applied;
                if (row.Matches(script) == false)
                {
                    state = MigrationState.Modified;
                    problems.Add(ValidationProblem.Error("checksum-mismatch", script.Location,
                        $"was modified after it was applied (checksum {Short(row.Checksum!)} in history, {Short(script.Checksum)} on disk); revert the edit, add a new migration for the change, or after a deliberate whitespace/comment edit run `slipway repair`"));
                }

                entries.Add(Entry(version, script.Description, script.Name, MigrationKind.Versioned, script.Phase, state, row));
                continue;
            }

            if (covered is not null && version <= covered)
            {
                entries.Add(Entry(version, script.Description, script.Name, MigrationKind.Versioned, script.Phase, MigrationState.BelowBaseline, null));
                continue;
            }

            failed.TryGetValue(version, out var failedRow);
            if (newestApplied is not null && version < newestApplied && failedRow is null)
            {
                if (!request.OutOfOrder)
                {
                    problems.Add(ValidationProblem.Error("out-of-order", script.Location,
                        $"version {version} is pending but older than the newest applied version {newestApplied}; rename it to a newer version, or allow out-of-order migrations to apply it anyway"));
                    entries.Add(Entry(version, script.Description, script.Name, MigrationKind.Versioned, script.Phase, MigrationState.OutOfOrder, null));
                    continue;
                }
            }

            var wanted = !blocked
                && (request.Target is null || version <= request.Target)
                && (request.Phase is null || request.Phase == script.Phase);
            if (request.Phase == MigrationPhase.PostDeploy && script.Phase == MigrationPhase.PreDeploy)
            {
                // A contract step may only run once every expand step before it is in place.
                blocked = true;
            }
            else if (request.Phase == MigrationPhase.PreDeploy && script.Phase == MigrationPhase.PostDeploy)
            {
                // Pre-deploy stops at the first contract step: later expand steps may depend on it.
                blocked = true;
            }

            var pendingState = failedRow is not null ? MigrationState.Failed : MigrationState.Pending;
            entries.Add(Entry(version, script.Description, script.Name, MigrationKind.Versioned, script.Phase, wanted ? pendingState : MigrationState.Deferred, failedRow));
            if (wanted)
            {
                pending.Add(script);
            }
        }

        // Repeatables (views, functions) belong to the pre-deploy step: a pending contract step must not
        // hold them back, or pods of the new version would wait for the post-deploy Job to become ready.
        var allVersionedIncluded = !entries.Any(e => e.State == MigrationState.OutOfOrder
            || (e.State == MigrationState.Deferred && !(request.Phase == MigrationPhase.PreDeploy && e.Phase == MigrationPhase.PostDeploy)));
        foreach (var script in catalog.Repeatable)
        {
            var row = history.LastOrDefault(h => h.Kind == MigrationKind.Repeatable && h.Success && string.Equals(h.Script, script.Name, StringComparison.Ordinal));
            var upToDate = row is { HasChecksum: true } && row.SameChecksum(script);
            var wanted = !upToDate && allVersionedIncluded && (request.Phase is null || request.Phase == script.Phase);
            var state = upToDate ? MigrationState.Applied : wanted ? MigrationState.Pending : MigrationState.Deferred;
            entries.Add(Entry(null, script.Description, script.Name, MigrationKind.Repeatable, script.Phase, state, row));
            if (wanted)
            {
                pending.Add(script);
            }
        }

        foreach (var script in pending)
        {
            problems.AddRange(TransactionProblems(script, history, dialect));
        }

        problems.AddRange(InterruptedRollbacks(history, applied));

        return new MigrationPlan
        {
            Pending = pending,
            Entries = InVersionOrder(entries),
            Problems = problems,
            CurrentVersion = newestApplied,
            History = history,
        };
    }

    private static IEnumerable<ValidationProblem> TransactionProblems(MigrationScript script, IReadOnlyList<AppliedMigration> history, SqlDialect dialect)
    {
        var analysis = ScriptAnalysis.Of(script, dialect);
        if (script.Kind == MigrationKind.Baseline && !analysis.Transactional)
        {
            // A baseline half applied would be neither a new database nor a baselined one.
            return [ValidationProblem.Error("baseline-not-transactional", script.Location,
                "a baseline script must run in one transaction; remove its no-transaction directive and the statements that refuse a transaction (build such indexes in a versioned migration after the baseline)")];
        }

        return analysis.ResumeProblems(ProgressRow.Find(history, script)).Concat(analysis.Problems);
    }

    // No migration, baseline or repeatable ever ran (audit rows of a repair or a full rollback may remain).
    private static bool IsNew(IReadOnlyList<AppliedMigration> history) =>
        !history.Any(h => h.Kind is MigrationKind.Versioned or MigrationKind.Baseline or MigrationKind.Repeatable);

    // Baselines build the pre-deploy schema: a post-deploy run on a new database has nothing to start from.
    private static MigrationScript? StartingBaseline(MigrationCatalog catalog, PlanRequest request) =>
        request.Phase == MigrationPhase.PostDeploy
            ? null
            : catalog.Baselines.LastOrDefault(b => request.Target is null || b.Version! <= request.Target);

    // A down script that ran statement by statement and stopped leaves the schema between two versions:
    // nothing may be applied on top of it until the rollback is finished (or cleared by repair).
    private static IEnumerable<ValidationProblem> InterruptedRollbacks(IReadOnlyList<AppliedMigration> history, Dictionary<MigrationVersion, AppliedMigration> applied) =>
        history
            .Where(h => h is { Kind: MigrationKind.Rollback, Success: false, Version: { } version } && applied.ContainsKey(version))
            .Select(row => ValidationProblem.Error("rollback-interrupted", row.Script,
                $"a rollback of version {row.Version} stopped after statement {row.StatementsDone} of its down script (history id {row.Id}), so the schema is between two versions; " +
                $"run rollback again to finish it (it resumes at statement {row.StatementsDone + 1}), or undo its partial effect by hand and clear it with repair"));

    // Versioned entries by version (stable: a baseline stays before a script of the same version),
    // then repeatables. The entries are nearly always in order already, so that is checked first.
    private static List<StatusEntry> InVersionOrder(List<StatusEntry> entries)
    {
        var versioned = new List<StatusEntry>(entries.Count);
        var repeatables = new List<StatusEntry>();
        foreach (var entry in entries)
        {
            (entry.Version is null ? repeatables : versioned).Add(entry);
        }

        if (!MigrationCatalog.IsSorted(versioned, static (a, b) => a.Version!.CompareTo(b.Version)))
        {
            versioned = [.. versioned.OrderBy(e => e.Version)];
        }

        versioned.AddRange(repeatables);
        return versioned;
    }

    private static StatusEntry Entry(MigrationVersion? version, string description, string script, MigrationKind kind, MigrationPhase phase, MigrationState state, AppliedMigration? row) =>
        new(version, description, script, kind, phase, state, row);

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] : checksum;
}
