using System.ComponentModel;
using System.Diagnostics;
using Npgsql;
using Slipway.Backup;

namespace Slipway.Postgres;

/// <summary>
/// Backs up a PostgreSQL database with <c>pg_dump -Fc</c> (custom format: compressed, restorable
/// table by table with <c>pg_restore</c>) and verifies the archive with <c>pg_restore --list</c>.
/// Connection settings reach pg_dump through the child's environment (<c>PGPASSWORD</c>, ...), never
/// its command line, so the password is not visible in <c>ps</c> or in logs.
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

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string tool, string[] args, NpgsqlConnectionStringBuilder? connection, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_binDirectory is null ? tool : Path.Combine(_binDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (connection is not null)
        {
            SetEnvironment(info, connection);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new BackupFailedException($"{tool} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new BackupFailedException($"{tool} was not found ({ex.Message}); install the PostgreSQL client tools (Debian: apt-get install postgresql-client) at least as new as the server, or name their folder in the tools setting", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, (await stderr).Trim());
        }
    }

    private static void SetEnvironment(ProcessStartInfo info, NpgsqlConnectionStringBuilder connection)
    {
        // Settings the developer's shell might carry must not redirect the backup to another database.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = connection.Database;
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGAPPNAME"] = "slipway-backup";
        info.Environment["PGCONNECT_TIMEOUT"] = "30";
        info.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        if (connection.RootCertificate is { Length: > 0 } rootCertificate)
        {
            info.Environment["PGSSLROOTCERT"] = rootCertificate;
        }

        if (connection.Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }
    }

    private static string Redact(string text, NpgsqlConnectionStringBuilder connection) =>
        connection.Password is { Length: > 0 } password ? text.Replace(password, "********", StringComparison.Ordinal) : text;
}
