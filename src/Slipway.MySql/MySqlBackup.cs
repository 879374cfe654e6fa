using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Slipway.Backup;
using Slipway.Providers;

namespace Slipway.MySql;

/// <summary>
/// Backs up a MySQL or MariaDB database with <c>mariadb-dump</c> (or <c>mysqldump</c>) <c>--single-transaction</c>
/// (a consistent snapshot of InnoDB tables without locking them), routines, triggers and events, and verifies
/// the file by reading it back: it must end with the dump's completion line and create every table the
/// database had. The password reaches the tool through its environment (<c>MYSQL_PWD</c>), never its
/// command line, so it is not visible in <c>ps</c> or in logs.
/// </summary>
public sealed class MySqlBackup : IBackupProvider
{
    private readonly MySqlOptions _options;
    private readonly string? _binDirectory;

    /// <summary>Creates the backup provider; <paramref name="binDirectory"/> holds mariadb-dump or mysqldump (default: PATH).</summary>
    public MySqlBackup(MySqlOptions options, string? binDirectory = null)
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
        var connection = new MySqlConnectionStringBuilder(_options.ConnectionString);
        var tables = await CountTablesAsync(cancellationToken);
        Directory.CreateDirectory(directory);
        var path = BackupFileName.Next(directory, connection.Database, ".sql", DateTimeOffset.UtcNow);
        try
        {
            var (tool, dump) = await RunDumpAsync(connection, path, cancellationToken);
            if (dump.ExitCode != 0)
            {
                throw new BackupFailedException($"{tool} of {_options.DisplayName} failed (exit code {dump.ExitCode}): {Redact(dump.Stderr, connection)}");
            }

            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var created = text.Split('\n').Count(l => l.StartsWith("CREATE TABLE ", StringComparison.Ordinal));
            if (!text.TrimEnd().Split('\n')[^1].StartsWith("-- Dump completed", StringComparison.Ordinal) || created < tables)
            {
                throw new BackupFailedException($"the backup {path} did not verify: it creates {created} of the database's {tables} tables{(text.Contains("-- Dump completed", StringComparison.Ordinal) ? string.Empty : " and has no completion line")}");
            }

            return new BackupResult(path, new FileInfo(path).Length, created, clock.Elapsed);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task<int> CountTablesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var provider = new MySqlConnection(_options.ConnectionString);
            await provider.OpenAsync(cancellationToken);
            await using var command = new MySqlCommand("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'", provider);
            return Convert.ToInt32(await new Interruptible(provider, _options.ConnectionString).RunAsync(() => command.ExecuteScalarAsync(CancellationToken.None), cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (MySqlException ex)
        {
            throw new BackupFailedException($"cannot read the tables of {_options.DisplayName} to back them up: {ex.Message}", ex);
        }
    }

    private async Task<(string Tool, (int ExitCode, string Stderr) Result)> RunDumpAsync(MySqlConnectionStringBuilder connection, string path, CancellationToken cancellationToken)
    {
        // MariaDB's client names it mariadb-dump; MySQL's (and older MariaDB) mysqldump.
        foreach (var tool in new[] { "mariadb-dump", "mysqldump" })
        {
            var file = _binDirectory is null ? FindOnPath(tool) : Path.Combine(_binDirectory, tool);
            if (file is not null && File.Exists(file))
            {
                return (tool, await RunAsync(file, tool == "mysqldump" && !IsMariaDbClient(file), connection, path, cancellationToken));
            }
        }

        throw new BackupFailedException("neither mariadb-dump nor mysqldump was found; install the client tools (Debian: apt-get install mariadb-client) or name their folder in the tools setting");
    }

    private static async Task<(int ExitCode, string Stderr)> RunAsync(string file, bool mysqlClient, MySqlConnectionStringBuilder connection, string path, CancellationToken cancellationToken)
    {
        // --no-defaults first: an option file of the machine must not redirect the backup to another server.
        string[] args =
        [
            "--no-defaults", "--single-transaction", "--routines", "--triggers", "--events", "--no-tablespaces",
            "--host", connection.Server, "--port", connection.Port.ToString(CultureInfo.InvariantCulture),
            "--user", connection.UserID, "--result-file", path,
        ];
        var result = await ToolProcess.RunAsync(
            file,
            args.Concat(TlsArguments(connection, mysqlClient)).Append(connection.Database),
            "MYSQL_",
            [new("MYSQL_PWD", connection.Password)],
            reason => new BackupFailedException($"{file} could not be started ({reason}); install the client tools (Debian: apt-get install mariadb-client)"),
            cancellationToken);
        return (result.ExitCode, result.Stderr);
    }

    private static IEnumerable<string> TlsArguments(MySqlConnectionStringBuilder connection, bool mysqlClient)
    {
        if (mysqlClient)
        {
            yield return "--ssl-mode=" + connection.SslMode switch
            {
                MySqlSslMode.None => "DISABLED",
                MySqlSslMode.Required => "REQUIRED",
                MySqlSslMode.VerifyCA => "VERIFY_CA",
                MySqlSslMode.VerifyFull => "VERIFY_IDENTITY",
                _ => "PREFERRED",
            };
        }
        else if (connection.SslMode is MySqlSslMode.Required or MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull)
        {
            yield return "--ssl";
            if (connection.SslMode == MySqlSslMode.VerifyFull)
            {
                yield return "--ssl-verify-server-cert";
            }
        }

        if (connection.SslCa is { Length: > 0 } ca)
        {
            yield return "--ssl-ca=" + ca;
        }
    }

    private static bool IsMariaDbClient(string file) =>
        File.ResolveLinkTarget(file, returnFinalTarget: true)?.Name.StartsWith("mariadb", StringComparison.Ordinal) == true;

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static string Redact(string text, MySqlConnectionStringBuilder connection) => ToolProcess.Redact(text, connection.Password);
}
