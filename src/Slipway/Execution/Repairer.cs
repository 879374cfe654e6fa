using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Execution;

/// <summary>
/// Brings history back in line with the files after deliberate edits: re-aligns checksums (and stored
/// down scripts) of applied migrations, and removes failed rows left by non-transactional migrations so
/// the next run starts them afresh. Every repair writes an audit row listing exactly what changed.
/// </summary>
public sealed class Repairer
{
    private readonly EngineParts _engine;

    /// <summary>Creates the repairer for one database.</summary>
    public Repairer(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<Repairer>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>
    /// Repairs history under the migration lock and returns every change (empty: nothing to repair, and no
    /// audit row). Each re-aligned row is replaced atomically, keeping its times and role; failed rows are
    /// removed in the same transaction as the audit row.
    /// </summary>
    public async Task<IReadOnlyList<RepairChange>> RunAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        var onDisk = catalog.Versioned.ToDictionary(s => s.Version!);
        await using var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken);
        await using (await session.LockAsync(_engine.Options.LockWait, cancellationToken))
        {
            var history = await session.ReadHistoryAsync(includeDownScripts: true, cancellationToken);
            var changes = new List<RepairChange>();
            var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var row in history.Where(h => h.Kind == MigrationKind.Versioned && h.Success && h.Version is not null))
            {
                if (!onDisk.TryGetValue(row.Version!, out var script))
                {
                    continue;
                }

                var rowChanges = new List<RepairChange>();
                if (row.Matches(script) != true)
                {
                    rowChanges.Add(new RepairChange("checksum", script.Name, $"{Short(row.Checksum)} -> {Short(script.Checksum)}"));
                }

                if (script.DownSql is not null && !string.Equals(script.DownSql, row.DownScript, StringComparison.Ordinal))
                {
                    rowChanges.Add(new RepairChange("down-script", script.Name,
                        row.DownScript is null ? $"stored {script.DownName} (none was stored)" : $"stored the current {script.DownName} (the stored copy differed)"));
                }

                if (rowChanges.Count == 0)
                {
                    continue;
                }

                var note = $"repaired {stamp}: " + string.Join("; ", rowChanges.Select(c => c.Action + " " + c.Detail));
                var replacement = new ChangeSet
                {
                    RemoveIds = [row.Id],
                    Record = new HistoryRecord
                    {
                        Version = row.Version,
                        Description = row.Description,
                        Kind = row.Kind,
                        Script = row.Script,
                        Checksum = script.Checksum,
                        ChecksumAlgorithm = Checksum.CurrentAlgorithm,
                        Phase = row.Phase,
                        Host = row.Host,
                        AppVersion = row.AppVersion,
                        StatementsDone = row.StatementsDone,
                        DownScript = script.DownSql ?? row.DownScript,
                        BackupFile = row.BackupFile,
                        Note = row.Note is null ? note : row.Note + "; " + note,
                        StartedAt = row.StartedAt,
                        FinishedAt = row.FinishedAt,
                        ExecutionMs = row.ExecutionMs,
                        AppliedBy = row.AppliedBy,
                    },
                };
                if (!await session.ApplyAsync(replacement, cancellationToken))
                {
                    throw new SlipwayException($"History row of {row.Script} changed while repairing; run `slipway repair` again.");
                }

                foreach (var change in rowChanges)
                {
                    Log.Repaired(_engine.Logger, change.ToString());
                }

                changes.AddRange(rowChanges);
            }

            var failed = history.Where(h => h.Kind is MigrationKind.Versioned or MigrationKind.Rollback && !h.Success).ToList();
            var removals = failed.Select(f => f.Kind == MigrationKind.Rollback
                ? new RepairChange("removed-interrupted-rollback", f.Script,
                    $"interrupted rollback of version {f.Version} removed (its down script stopped after {f.StatementsDone} statement(s)); version {f.Version} counts as applied again, so undo the partial rollback by hand first")
                : new RepairChange("removed-failed", f.Script,
                    $"failed row of version {f.Version} removed (it stopped after {f.StatementsDone} statement(s)); the next migrate runs it again from the start")).ToList();
            changes.AddRange(removals);
            if (changes.Count == 0)
            {
                return changes;
            }

            var audit = new HistoryRecord
            {
                Description = "repair",
                Kind = MigrationKind.Repair,
                Script = "<< repair >>",
                Host = _engine.Options.Identity.Host,
                AppVersion = _engine.Options.Identity.AppVersion,
                Note = string.Join("\n", changes.Select(c => c.ToString())),
            };
            if (!await session.ApplyAsync(new ChangeSet { RemoveIds = [.. failed.Select(f => f.Id)], Record = audit }, cancellationToken))
            {
                throw new SlipwayException("Failed history rows changed while repairing; run `slipway repair` again.");
            }

            foreach (var removal in removals)
            {
                Log.Repaired(_engine.Logger, removal.ToString());
            }

            return changes;
        }
    }

    private static string Short(string? checksum) => checksum is null ? "(none)" : checksum.Length > 12 ? checksum[..12] : checksum;
}
