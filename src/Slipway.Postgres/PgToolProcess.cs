using System.ComponentModel;
using System.Diagnostics;
using Npgsql;

namespace Slipway.Postgres;

/// <summary>
/// Runs a PostgreSQL client tool (pg_dump, pg_restore) against a database. Connection settings reach the
/// tool through the child's environment (<c>PGPASSWORD</c>, ...), never its command line, so the password
/// is not visible in <c>ps</c> or in logs.
/// </summary>
internal static class PgToolProcess
{
    /// <summary>What a tool printed and how it ended.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <paramref name="tool"/> from <paramref name="binDirectory"/> (null: the PATH); <paramref name="notFound"/>
    /// builds the error when it cannot be started.
    /// </summary>
    public static async Task<Result> RunAsync(string? binDirectory, string tool, IEnumerable<string> args, NpgsqlConnectionStringBuilder? connection, string applicationName, Func<string, Exception> notFound, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(binDirectory is null ? tool : Path.Combine(binDirectory, tool))
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
            SetEnvironment(info, connection, applicationName);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw notFound($"{tool} did not start");
        }
        catch (Win32Exception ex)
        {
            throw notFound($"{tool} was not found ({ex.Message}); install the PostgreSQL client tools (Debian: apt-get install postgresql-client) at least as new as the server, or name their folder in the tools setting");
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

            return new Result(process.ExitCode, await stdout, (await stderr).Trim());
        }
    }

    /// <summary>The tool's message with the password masked, should it echo a connection string.</summary>
    public static string Redact(string text, NpgsqlConnectionStringBuilder connection) =>
        connection.Password is { Length: > 0 } password ? text.Replace(password, "********", StringComparison.Ordinal) : text;

    private static void SetEnvironment(ProcessStartInfo info, NpgsqlConnectionStringBuilder connection, string applicationName)
    {
        // Settings the developer's shell might carry must not redirect the tool to another database.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = connection.Database;
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGAPPNAME"] = applicationName;
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
}
