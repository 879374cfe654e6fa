using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Slipway.Backup;

namespace Slipway.Sqlite;

/// <summary>
/// Copies an SQLite database with SQLite's online backup API (a consistent copy even while other
/// connections write) and verifies the copy with <c>PRAGMA integrity_check</c>.
/// </summary>
public sealed class SqliteBackup : IBackupProvider
{
    private readonly SqliteOptions _options;

    /// <summary>Creates the backup provider.</summary>
    public SqliteBackup(SqliteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public async Task<BackupResult> CreateAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (_options.Path == ":memory:")
        {
            throw new BackupFailedException("an in-memory SQLite database cannot be backed up; use a file (sqlite:path.db)");
        }

        if (!File.Exists(_options.Path))
        {
            throw new BackupFailedException($"the SQLite database {_options.Path} does not exist yet; there is nothing to back up");
        }

        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var path = BackupFileName.Next(directory, Path.GetFileNameWithoutExtension(_options.Path), ".db", DateTimeOffset.UtcNow);
        try
        {
            await using (var source = Open(_options.Path, SqliteOpenMode.ReadOnly))
            await using (var target = Open(path, SqliteOpenMode.ReadWriteCreate))
            {
                await source.OpenAsync(cancellationToken);
                await target.OpenAsync(cancellationToken);
                source.BackupDatabase(target);
            }

            await using var check = Open(path, SqliteOpenMode.ReadOnly);
            await check.OpenAsync(cancellationToken);
            var integrity = await ScalarAsync(check, "PRAGMA integrity_check", cancellationToken);
            if (!string.Equals(integrity as string, "ok", StringComparison.Ordinal))
            {
                throw new BackupFailedException($"the backup {path} failed its integrity check: {integrity}");
            }

            var tables = Convert.ToInt32(await ScalarAsync(check, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return new BackupResult(path, new FileInfo(path).Length, tables, clock.Elapsed);
        }
        catch (SqliteException ex)
        {
            File.Delete(path);
            throw new BackupFailedException($"backup of {_options.DisplayName} failed: {ex.Message}", ex);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ConnectionString);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
