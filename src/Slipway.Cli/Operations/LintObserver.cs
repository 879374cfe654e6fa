using Microsoft.Extensions.Logging;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Lint;
using Slipway.Lint.Reporting;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Cli.Operations;

/// <summary>
/// <c>migrate --lint</c>: once the run knows what is pending (under the migration lock, before the
/// backup and the first migration), lints the pending migrations with the migrated database's
/// dialect; any error refuses the run with nothing applied (exit code 10). It reads the scripts the
/// run already read and needs no connection of its own.
/// </summary>
internal sealed class LintObserver(IReadOnlyList<IMigrationSource> sources, PlaceholderValues placeholders, LintSettings settings, SqlDialect dialect, CliOutput output) : IMigrationObserver
{
    public async Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Only pending migrations are reported: applied ones cannot be changed any more. Every script
        // is still read, in order, for facts that carry over (a table created earlier exists).
        var pending = plan.Pending.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var catalog = await MigrationCatalog.LoadAsync(sources, placeholders, cancellationToken);
        var report = new Linter(settings).Lint([.. catalog.Versioned, .. catalog.Repeatable], dialect, pending);
        foreach (var finding in report.Findings)
        {
            output.Event(finding.Severity == LintSeverity.Error ? LogLevel.Error : LogLevel.Warning, "lint_finding",
                $"{finding.File}:{finding.Line}: {finding.Rule.Id} {finding.Rule.Name}: {finding.Message}. Instead: {finding.Rule.Instead}",
                [new("rule", finding.Rule.Id), new("file", finding.File), new("line", finding.Line), new("severity", finding.Severity == LintSeverity.Error ? "error" : "warning")]);
        }

        if (report.ErrorCount > 0)
        {
            throw new LintFailedException(report);
        }

        output.Event(LogLevel.Information, "lint_passed", LintReportWriter.Total(report), [new("warnings", report.WarningCount)]);
    }

    public HistoryRecord Annotate(MigrationScript script, HistoryRecord record) => record;

    public Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
