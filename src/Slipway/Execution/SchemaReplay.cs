using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Builds the schema a list of migrations produces: replays them, in order, on a scratch target next to the
/// real one (each the way it runs for real: in one transaction, or statement by statement) and snapshots it.
/// </summary>
internal static class SchemaReplay
{
    /// <summary>One script to replay; <paramref name="Statements"/> limits it to its first statements (a migration an interrupted run left half done).</summary>
    public sealed record Step(MigrationScript Script, int? Statements = null);

    /// <summary>Replays <paramref name="steps"/> on a new scratch target, snapshots it and drops it.</summary>
    public static async Task<(SchemaSnapshot Snapshot, string Scratch)> BuildAsync(ISchemaTools tools, SqlDialect dialect, IEnumerable<Step> steps, MigratorOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scratch = await tools.CreateScratchAsync(cancellationToken);
        Log.ScratchCreated(logger, scratch.Description);
        await ReplayAsync(scratch, dialect, steps, options, logger, cancellationToken);
        return (await SnapshotAsync(scratch, cancellationToken), scratch.Description);
    }

    /// <summary>The snapshot of a scratch target, its objects named as on the real database.</summary>
    public static async Task<SchemaSnapshot> SnapshotAsync(ScratchTarget scratch, CancellationToken cancellationToken)
    {
        var snapshot = await ((ISchemaTools)scratch.Provider).SnapshotAsync(cancellationToken);

        // A role that may not create databases gets a scratch schema: its objects stand for those of the
        // default schema, where unqualified names in migrations put them on the real database.
        return scratch.Schema is { } schema ? snapshot.WithSchemaRenamed(schema, "public") : snapshot;
    }

    /// <summary>Replays <paramref name="steps"/>, in order, on <paramref name="scratch"/>.</summary>
    public static async Task ReplayAsync(ScratchTarget scratch, SqlDialect dialect, IEnumerable<Step> steps, MigratorOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var list = steps.ToList();
        foreach (var step in list)
        {
            ScratchSchemaGuard.Check(scratch, step.Script.Location, ScriptAnalysis.Of(step.Script, dialect).Statements, dialect);
        }

        await using (var target = await scratch.Provider.OpenAsync(cancellationToken))
        {
            // migrate creates the history table before the first migration runs, and migrations may refer to
            // it (a GRANT to the app's role): the replay starts from the same point. Snapshots leave it out.
            await target.EnsureHistoryTableAsync(cancellationToken);
            foreach (var step in list)
            {
                var analysis = ScriptAnalysis.Of(step.Script, dialect);
                var settings = EngineSteps.SettingsFor(step.Script.Directives, options);
                try
                {
                    if (step.Statements is { } count)
                    {
                        foreach (var statement in analysis.Statements.Take(count))
                        {
                            await target.ExecuteNonTransactionalAsync(statement.Sql, settings, cancellationToken);
                        }
                    }
                    else
                    {
                        var code = step.Script.Code?.Body(logger, PlaceholderValues.From(options.Placeholders), dialect, step.Script.Version!);
                        await ScriptExecutor.RunWithoutHistoryAsync(target, step.Script.Sql, analysis, settings, cancellationToken, code);
                    }
                }
                catch (MigrationFailedException ex)
                {
                    throw new MigrationFailedException(step.Script.Name,
                        $"{step.Script.Name} fails when its migrations are replayed on a {scratch.Description}, so the expected schema cannot be built: {ex.Message.Replace("history change: ", string.Empty, StringComparison.Ordinal)}", ex);
                }
            }
        }
    }
}
