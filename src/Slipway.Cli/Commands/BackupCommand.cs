using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;

namespace Slipway.Cli.Commands;

/// <summary><c>slipway backup</c>: a verified, timestamped backup of the target database, without migrating.</summary>
internal static class BackupCommand
{
    public static Command Create(CommonOptions common)
    {
        var directory = new Option<string?>("--backup-dir") { Description = "Folder for the backup file (env SLIPWAY_BACKUP_DIR). Default: ./backups" };
        var pgBin = new Option<string?>("--pg-bin") { Description = "Folder of the backup tools: pg_dump/pg_restore, or mariadb-dump/mysqldump (env SLIPWAY_PG_BIN). Default: PATH" };
        var command = new Command("backup", "Back up the database (PostgreSQL: pg_dump -Fc verified with pg_restore --list; MySQL/MariaDB: mariadb-dump --single-transaction, read back; SQLite: online backup API)") { directory, pgBin };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "backup", async (context, ct) =>
        {
            var folder = result.GetValue(directory)
                ?? (Environment.GetEnvironmentVariable("SLIPWAY_BACKUP_DIR") is { Length: > 0 } env ? env : "backups");
            var backup = context.Factory.CreateBackup(Databases.For(context.Settings, toolsDirectory: result.GetValue(pgBin) ?? Environment.GetEnvironmentVariable("SLIPWAY_PG_BIN")));
            var created = await BackupObserver.CreateAsync(backup, folder, ct);
            context.Output.Event(LogLevel.Information, "backup_created", BackupObserver.Describe(created), BackupObserver.Fields(created));
            return new CommandOutcome();
        }, cancellationToken));
        return command;
    }
}
