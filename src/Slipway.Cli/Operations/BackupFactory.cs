using Slipway.Backup;
using Slipway.Cli.Configuration;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace Slipway.Cli.Operations;

/// <summary>Chooses how to back up the target from the form of <c>DATABASE_URL</c>, like <see cref="ProviderFactory"/>.</summary>
internal static class BackupFactory
{
    public static IBackupProvider Create(CliSettings settings, string? pgBinDirectory) =>
        SqliteConnectionUrl.IsSqlite(settings.DatabaseUrl)
            ? new SqliteBackup(SqliteConnectionUrl.Parse(settings.DatabaseUrl, settings.Table))
            : new PostgresBackup(PostgresConnectionUrl.Parse(settings.DatabaseUrl, settings.Schema, settings.Table), pgBinDirectory);
}
