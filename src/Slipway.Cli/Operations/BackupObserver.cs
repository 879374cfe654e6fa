using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Backup;
using Slipway.Cli.Output;
using Slipway.Diagnostics;
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
        var result = await CreateAsync(backup, directory, cancellationToken);
        BackupFile = result.Path;
        output.Event(LogLevel.Information, "backup_created", Describe(result), Fields(result));
    }

    public HistoryRecord Annotate(MigrationScript script, HistoryRecord record) =>
        BackupFile is null ? record : record with { BackupFile = BackupFile };

    public Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Takes the backup; a folder that cannot be used is a failed backup naming it, not an I/O exception.</summary>
    internal static async Task<BackupResult> CreateAsync(IBackupProvider backup, string directory, CancellationToken cancellationToken)
    {
        if (File.Exists(directory))
        {
            throw new ConfigurationException($"--backup-dir / SLIPWAY_BACKUP_DIR names '{directory}', which is a file; name a folder (it is created when missing)");
        }

        try
        {
            return await backup.CreateAsync(directory, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Named by kind: the runtime's own messages are resource keys in the trimmed binary.
            var reason = ex is UnauthorizedAccessException ? "permission denied" : "an I/O error";
            throw new BackupFailedException($"Cannot write a backup into '{directory}': {reason}. Make the folder writable by the user slipway runs as, or choose another one. Nothing was applied.", ex);
        }
    }

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
