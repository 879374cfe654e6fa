using System.Diagnostics;
using Npgsql;
using Slipway.Providers;
using Slipway.Backup;

namespace Slipway.Postgres;

/// <summary>
/// Backs up a PostgreSQL database with <c>pg_dump -Fc</c> (custom format: compressed, restorable
/// table by table with <c>pg_restore</c>) and verifies the archive with <c>pg_restore --list</c>.
/// The password reaches pg_dump through its environment, never its command line.
/// </summary>
public sealed class PostgresBackup : IBackupProvider
{
    private readonly PostgresOptions _options;
    private readonly string? _binDirectory;

    /// <summary>Creates the backup provider; <paramref name="binDirectory"/> holds pg_dump and pg_restore (default: PATH).</summary>
    public PostgresBackup(PostgresOptions options, string? binDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _binDirectory = binDirectory;
    }

    /// <inheritdoc />
    public async Task<BackupResult> CreateAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var clock = Stopwatch.StartNew();
        var connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        Directory.CreateDirectory(directory);
        var path = BackupFileName.Next(directory, connection.Database ?? "postgres", ".dump", DateTimeOffset.UtcNow);
        try
        {
            var dump = await RunAsync("pg_dump", ["--format=custom", "--no-password", "--file", path], connection, cancellationToken);
            if (dump.ExitCode != 0)
            {
                throw new BackupFailedException($"pg_dump of {_options.DisplayName} failed (exit code {dump.ExitCode}): {Redact(dump.Stderr, connection)}");
            }

            var list = await RunAsync("pg_restore", ["--list", path], null, cancellationToken);
            var entries = list.Stdout.Split('\n').Count(l => l.Length > 0 && !l.StartsWith(';'));
            if (list.ExitCode != 0 || entries == 0)
            {
                throw new BackupFailedException($"the backup {path} did not verify: pg_restore --list exit code {list.ExitCode}, {entries} entries: {Redact(list.Stderr, connection)}");
            }

            return new BackupResult(path, new FileInfo(path).Length, entries, clock.Elapsed);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task<ToolProcess.Result> RunAsync(string tool, string[] args, NpgsqlConnectionStringBuilder? connection, CancellationToken cancellationToken) =>
        await PgToolProcess.RunAsync(_binDirectory, tool, args, connection, "slipway-backup", message => new BackupFailedException(message), cancellationToken);

    private static string Redact(string text, NpgsqlConnectionStringBuilder connection) => PgToolProcess.Redact(text, connection);
}
