using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// Proves migrations reversible on a scratch target: for each one, snapshot the schema, run up, down
/// and up again, and require the schema after down to equal the schema before up, and the second up to
/// equal the first. The real database is only read (its history decides what is pending).
/// </summary>
public sealed class Verifier
{
    private readonly EngineParts _engine;

    /// <summary>Creates the verifier; <paramref name="provider"/> must implement <see cref="ISchemaTools"/>.</summary>
    public Verifier(IMigrationProvider provider, IReadOnlyList<IMigrationSource> sources, MigratorOptions? options = null, ILogger<Verifier>? logger = null)
    {
        _engine = EngineParts.Of(provider, sources, options, logger);
    }

    /// <summary>
    /// Verifies every pending migration (or every one, with <see cref="VerifyRequest.All"/>). Throws
    /// <see cref="ValidationException"/> listing every missing down script before touching anything,
    /// and <see cref="VerificationException"/> at the first difference, naming the object that differs.
    /// </summary>
    public async Task<VerifyReport> RunAsync(VerifyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tools = EngineSteps.SchemaTools(_engine.Provider, "verify");
        var catalog = await EngineSteps.LoadCatalogAsync(_engine, cancellationToken);
        HashSet<string> toVerify;
        if (request.All)
        {
            toVerify = [.. catalog.Versioned.Select(s => s.Name)];
        }
        else
        {
            await using var session = await ConnectionRetry.OpenAsync(_engine.Provider, _engine.Options.ConnectWait, _engine.Logger, cancellationToken);
            var plan = Planner.Plan(catalog, await session.ReadHistoryAsync(false, cancellationToken), new PlanRequest { OutOfOrder = true }, _engine.Provider.Dialect);
            EngineSteps.ThrowOnErrors(plan, _engine.Logger);
            toVerify = [.. plan.Pending.Where(p => p.Kind == MigrationKind.Versioned).Select(p => p.Name)];
        }

        var problems = new List<ValidationProblem>();
        foreach (var script in catalog.Versioned.Where(s => toVerify.Contains(s.Name)))
        {
            if (script.Directives.Irreversible && !request.AllowIrreversible)
            {
                problems.Add(ValidationProblem.Error("irreversible", script.Location,
                    "is marked irreversible; accept irreversible migrations to apply it without a down check"));
            }
            else if (!script.HasDown && !script.Directives.Irreversible)
            {
                problems.Add(ValidationProblem.Error("no-down-script", script.Location,
                    $"has no down script; add U{script.Version}__{script.Description.Replace(' ', '_')}.sql, or mark it `-- slipway: irreversible` and accept irreversible migrations"));
            }

            problems.AddRange(ScriptAnalysis.Of(script, _engine.Provider.Dialect).Problems);
            if (script.DownSql is not null)
            {
                problems.AddRange(ScriptAnalysis.OfDown(script, _engine.Provider.Dialect).Problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        await using var scratch = await tools.CreateScratchAsync(cancellationToken);
        Log.ScratchCreated(_engine.Logger, scratch.Description);
        foreach (var script in catalog.Versioned)
        {
            ScratchSchemaGuard.Check(scratch, script.Location, ScriptAnalysis.Of(script, _engine.Provider.Dialect).Statements, _engine.Provider.Dialect);
            if (toVerify.Contains(script.Name) && script.DownSql is not null)
            {
                ScratchSchemaGuard.Check(scratch, script.DownLocation ?? script.Location, ScriptAnalysis.OfDown(script, _engine.Provider.Dialect).Statements, _engine.Provider.Dialect);
            }
        }

        var scratchTools = (ISchemaTools)scratch.Provider;
        await using var target = await scratch.Provider.OpenAsync(cancellationToken);
        // As on the real database, the history table exists before the first migration runs (see SchemaReplay).
        await target.EnsureHistoryTableAsync(cancellationToken);
        var verified = new List<string>();
        var irreversible = new List<string>();
        var prerequisites = 0;
        foreach (var script in catalog.Versioned)
        {
            if (!toVerify.Contains(script.Name))
            {
                await RunAsync(target, script.Name, script.Sql, ScriptAnalysis.Of(script, _engine.Provider.Dialect), cancellationToken, script.Code?.Body(_engine, script.Version!));
                prerequisites++;
                continue;
            }

            if (!script.HasDown)
            {
                Log.VerifyIrreversible(_engine.Logger, script.Name);
                await RunAsync(target, script.Name, script.Sql, ScriptAnalysis.Of(script, _engine.Provider.Dialect), cancellationToken, script.Code?.Body(_engine, script.Version!));
                irreversible.Add(script.Name);
                continue;
            }

            var downName = script.DownName ?? script.Name + ".DownAsync";
            var clock = Stopwatch.StartNew();
            var before = (await scratchTools.SnapshotAsync(cancellationToken)).Without(SchemaSnapshot.GrantPrefix);
            await RunAsync(target, script.Name, script.Sql, ScriptAnalysis.Of(script, _engine.Provider.Dialect), cancellationToken, script.Code?.Body(_engine, script.Version!));
            var afterUp = (await scratchTools.SnapshotAsync(cancellationToken)).Without(SchemaSnapshot.GrantPrefix);
            try
            {
                if (script.DownSql is not null)
                {
                    await RunAsync(target, script.DownName!, script.DownSql, ScriptAnalysis.OfDown(script, _engine.Provider.Dialect), cancellationToken);
                }
                else
                {
                    await RunAsync(target, script.Name + ".DownAsync", string.Empty, ScriptAnalysis.Of(script, _engine.Provider.Dialect), cancellationToken, script.Code!.Body(_engine, script.Version!, down: true));
                }
            }
            catch (MigrationFailedException ex)
            {
                throw new VerificationException(script.Name, $"{downName} fails after {script.Name} on the scratch target: {ex.Message}", ex);
            }

            if (SchemaSnapshot.FirstDifference(before, (await scratchTools.SnapshotAsync(cancellationToken)).Without(SchemaSnapshot.GrantPrefix)) is { } undone)
            {
                throw new VerificationException(script.Name, $"{downName} does not undo {script.Name}: after down, {undone}");
            }

            try
            {
                await RunAsync(target, script.Name, script.Sql, ScriptAnalysis.Of(script, _engine.Provider.Dialect), cancellationToken, script.Code?.Body(_engine, script.Version!));
            }
            catch (MigrationFailedException ex)
            {
                throw new VerificationException(script.Name, $"{script.Name} cannot be applied again after {downName}: {ex.Message}", ex);
            }

            if (SchemaSnapshot.FirstDifference(afterUp, (await scratchTools.SnapshotAsync(cancellationToken)).Without(SchemaSnapshot.GrantPrefix)) is { } redone)
            {
                throw new VerificationException(script.Name, $"{script.Name} applied again after {downName} gives a different schema: {redone}");
            }

            Log.Verified(_engine.Logger, script.Name, clock.ElapsedMilliseconds);
            verified.Add(script.Name);
        }

        return new VerifyReport { Scratch = scratch.Description, Verified = verified, Irreversible = irreversible, Prerequisites = prerequisites };
    }

    private async Task RunAsync(IMigrationSession target, string name, string sql, ScriptAnalysis analysis, CancellationToken cancellationToken, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task>? code = null)
    {
        try
        {
            await ScriptExecutor.RunWithoutHistoryAsync(target, sql, analysis, EngineSteps.SettingsFor(analysis.Directives, _engine.Options), cancellationToken, code);
        }
        catch (MigrationFailedException ex)
        {
            // Scratch changes carry no history record, so the provider could not name the script.
            var message = ex.Message.Replace("history change", name, StringComparison.Ordinal);
            throw new MigrationFailedException(name, message.StartsWith(name, StringComparison.Ordinal) ? message : $"{name}: {message}", ex);
        }
    }
}
