using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Cli.Operations;

/// <summary>
/// Writes one structured <c>audit</c> event per schema change (JSON mode; text mode already prints a
/// line per migration): who (database role, OS user, host/pod), what (version, script, checksum,
/// statements), where (database, server), when, how long and the outcome. The history row of an
/// applied migration holds the same facts. Also counts what the run applied, for metrics.
/// </summary>
internal sealed class AuditObserver(CliOutput output, DatabaseIdentity database, RunIdentity identity, Func<string?> backupFile) : IMigrationObserver
{
    public int Applied { get; private set; }

    public string? LastAppliedVersion { get; private set; }

    public Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken = default) => Task.CompletedTask;

    // The engine already records the statement count of a transactional migration in its history row.
    public HistoryRecord Annotate(MigrationScript script, HistoryRecord record) => record;

    public Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Status == MigrationStatus.Applied)
        {
            Applied++;
            LastAppliedVersion = audit.Script.Version?.Text ?? LastAppliedVersion;
        }

        if (!output.Json)
        {
            return Task.CompletedTask;
        }

        var outcome = audit.Status switch
        {
            MigrationStatus.Applied => "applied",
            MigrationStatus.AlreadyApplied => "skipped",
            _ => "failed",
        };
        var script = audit.Script;
        Write("migrate", outcome, script.Version?.Text, script.Name, script.Kind.ToText(), audit.StartedAt, audit.Duration, audit.Error,
            [
                new("phase", script.Phase.ToText()),
                new("checksum", script.Checksum),
                new("statements", audit.Statements),
                new("transactional", audit.Transactional),
                new("backup_file", backupFile()),
            ]);
        return Task.CompletedTask;
    }

    /// <summary>
    /// One audit event for a schema or history change made by another command (rollback, repair,
    /// baseline), with the same who/where facts as a migration's.
    /// </summary>
    public void Change(string action, string? version, string script, string detail, TimeSpan duration)
    {
        if (output.Json)
        {
            Write(action, "applied", version, script, action, DateTimeOffset.UtcNow - duration, duration, null, [new("detail", detail)]);
        }
    }

    private void Write(string action, string outcome, string? version, string script, string kind, DateTimeOffset startedAt, TimeSpan duration, string? error, KeyValuePair<string, object?>[] facts) =>
        output.Event(error is null ? LogLevel.Information : LogLevel.Error, "audit",
            $"{action} {outcome}: {script} on {database.Database} as {database.Role}",
            [
                new("action", action),
                new("outcome", outcome),
                new("version", version),
                new("script", script),
                new("kind", kind),
                .. facts,
                new("db_role", database.Role),
                new("os_user", Environment.UserName),
                new("host", identity.Host),
                new("app_version", identity.AppVersion),
                new("database", database.Database),
                new("server", database.Server),
                new("started_at", startedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
                new("duration_ms", (long)duration.TotalMilliseconds),
                new("error", error),
            ]);
}
