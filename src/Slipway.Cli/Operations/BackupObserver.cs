using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Backup;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Cli.Operations;

/// <summary>
/// <c>migrate --backup-dir</c>: under the migration lock and before the first pending migration, takes
/// a verified backup; a failed backup stops the run with nothing applied (exit code 12). Every
/// history row of the run records the backup file.
/// </summary>
internal sealed class BackupObserver(IBackupProvider backup, string directory, CliOutput output) : IMigrationObserver
{
    public string? BackupFile { get; private set; }

    public async Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = await backup.CreateAsync(directory, cancellationToken);
        BackupFile = result.Path;
        output.Event(LogLevel.Information, "backup_created", Describe(result), Fields(result));
    }

    public HistoryRecord Annotate(MigrationScript script, HistoryRecord record) =>
        BackupFile is null ? record : record with { BackupFile = BackupFile };

    public Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default) => Task.CompletedTask;

    internal static string Describe(BackupResult result) => string.Create(CultureInfo.InvariantCulture,
        $"Backup {result.Path} written and verified ({result.Bytes / 1024.0:0.#} KiB, {result.Entries} entries) in {result.Duration.TotalMilliseconds:0} ms");

    internal static KeyValuePair<string, object?>[] Fields(BackupResult result) =>
    [
        new("file", result.Path),
        new("bytes", result.Bytes),
        new("entries", result.Entries),
        new("duration_ms", (long)result.Duration.TotalMilliseconds),
    ];
}
