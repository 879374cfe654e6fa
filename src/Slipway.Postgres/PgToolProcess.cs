using Npgsql;
using Slipway.Providers;

namespace Slipway.Postgres;

/// <summary>
/// Runs a PostgreSQL client tool (pg_dump, pg_restore) against a database. Connection settings reach the
/// tool through the child's environment (<c>PGPASSWORD</c>, ...), never its command line, so the password
/// is not visible in <c>ps</c> or in logs.
/// </summary>
internal static class PgToolProcess
{
    /// <summary>
    /// Runs <paramref name="tool"/> from <paramref name="binDirectory"/> (null: the PATH); <paramref name="notFound"/>
    /// builds the error when it cannot be started.
    /// </summary>
    public static Task<ToolProcess.Result> RunAsync(string? binDirectory, string tool, IEnumerable<string> args, NpgsqlConnectionStringBuilder? connection, string applicationName, Func<string, Exception> notFound, CancellationToken cancellationToken) =>
        ToolProcess.RunAsync(
            binDirectory is null ? tool : Path.Combine(binDirectory, tool),
            args,
            connection is null ? null : "PG",
            connection is null ? [] : Environment(connection, applicationName),
            reason => notFound($"{tool} was not found ({reason}); install the PostgreSQL client tools (Debian: apt-get install postgresql-client) at least as new as the server, or name their folder in the tools setting"),
            cancellationToken);

    /// <summary>The tool's message with the password masked, should it echo a connection string.</summary>
    public static string Redact(string text, NpgsqlConnectionStringBuilder connection) => ToolProcess.Redact(text, connection.Password);

    private static IEnumerable<KeyValuePair<string, string?>> Environment(NpgsqlConnectionStringBuilder connection, string applicationName)
    {
        yield return new("PGHOST", connection.Host);
        yield return new("PGPORT", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("PGDATABASE", connection.Database);
        yield return new("PGUSER", connection.Username);
        yield return new("PGAPPNAME", applicationName);
        yield return new("PGCONNECT_TIMEOUT", "30");
        yield return new("PGSSLMODE", connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        if (connection.RootCertificate is { Length: > 0 } rootCertificate)
        {
            yield return new("PGSSLROOTCERT", rootCertificate);
        }

        if (connection.Password is { Length: > 0 } password)
        {
            yield return new("PGPASSWORD", password);
        }
    }
}
