using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;

namespace Slipway.Postgres;

/// <summary>Maps driver errors to Slipway's error types with messages an operator can act on.</summary>
internal static class PostgresErrors
{
    /// <summary>What to check when a pooler had no server connection to give: shared by every such error.</summary>
    public const string PoolHint =
        "Behind PgBouncer this means its pool for this database and user had no free server connection: raise default_pool_size "
        + "(and max_db_connections / max_user_connections if set, within the server's max_connections) or find the clients that hold "
        + "server connections idle in transaction (SHOW POOLS shows cl_waiting > 0 with sv_idle = 0). A Slipway runner needs one server "
        + "connection during a migration, for a moment another for its heartbeat or lock watchdog, and none while it waits for the lease. "
        + "See 'Connection poolers' in docs/operations.md.";

    /// <summary>
    /// A PgBouncer error (it reports its own limits as SQLSTATE 08P01, then closes the connection) as an
    /// error that names the limit; null for anything else. <paramref name="doing"/> completes "while ...".
    /// </summary>
    public static ConnectionLostException? Pooler(Exception ex, string doing)
    {
        if (ex is not PostgresException { SqlState: PostgresErrorCodes.ProtocolViolation } pooler)
        {
            return null;
        }

        var what = pooler.MessageText switch
        {
            var m when m.Contains("query_wait_timeout", StringComparison.Ordinal) => "waited longer than PgBouncer's query_wait_timeout for a free server connection",
            var m when m.Contains("max_client_conn", StringComparison.Ordinal) => "was refused by PgBouncer: its max_client_conn is reached",
            var m => "was ended by the connection pooler (" + m + ")",
        };
        return new ConnectionLostException($"The database connection {what} while {doing}. A transactional migration in flight was rolled back; the next run continues. {PoolHint}", ex);
    }

    /// <summary>
    /// Like <see cref="Pooler"/>, and also a driver timeout of one of Slipway's own short statements (they
    /// keep Npgsql's default command timeout): behind a pooler that is a wait for a server connection.
    /// Not for a migration's statements, whose client-side timeout is their statement timeout.
    /// </summary>
    public static ConnectionLostException? PoolerOrTimeout(Exception ex, string doing)
    {
        if (Pooler(ex, doing) is { } pooler)
        {
            return pooler;
        }

        return ex is NpgsqlException { InnerException: TimeoutException } and not PostgresException
            ? new ConnectionLostException(
                $"The database did not answer within the command timeout (30 s unless the connection string sets one) while {doing}. A transactional migration in flight was rolled back; the next run continues. "
                + PoolHint + " Without a pooler: the server or the network stalled.",
                ex)
            : null;
    }

    public static bool IsConnectionLoss(Exception ex, NpgsqlConnection connection) =>
        ex is NpgsqlException and not PostgresException
        && (connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State == System.Data.ConnectionState.Closed || ex.InnerException is IOException or System.Net.Sockets.SocketException);

    public static SlipwayException Map(Exception ex, NpgsqlConnection connection, string script, string? sql)
    {
        if (Pooler(ex, "applying " + script) is { } pool)
        {
            return pool;
        }

        if (ex is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } || IsConnectionLoss(ex, connection))
        {
            return new ConnectionLostException($"Database connection lost while applying {script}; a transactional migration was rolled back by the server and the next run applies it again.");
        }

        if (ex is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientPrivilege } denied)
        {
            var role = new NpgsqlConnectionStringBuilder(connection.ConnectionString).Username;
            return AccessDenied(denied, $"{script}: ", role);
        }

        if (ex is PostgresException pg)
        {
            var where = pg.Position > 0 && sql is not null ? " at line " + LineOf(sql, PostgresScript.OffsetOf(pg, sql) + pg.Position).ToString(CultureInfo.InvariantCulture) : string.Empty;
            var detail = pg.Detail is { Length: > 0 } d ? " (" + d + ")" : string.Empty;
            return new MigrationFailedException(script, $"{script}{where}: {pg.SqlState} {pg.MessageText}{detail}");
        }

        return new MigrationFailedException(script, $"{script}: {ex.Message}");
    }

    /// <summary>
    /// A driver exception that escaped every narrower mapping (one of Slipway's own statements, not a
    /// migration's) as the kind of failure it means; null when Npgsql did not raise it.
    /// </summary>
    public static SlipwayException? Translate(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientPrivilege } denied => AccessDenied(denied, string.Empty, null),
        PostgresException { SqlState: PostgresErrorCodes.InvalidSchemaName } pg => new ConfigurationException(
            $"{pg.MessageText} ({pg.SqlState}): create the schema first, or name an existing one as the history table's schema. Nothing was changed.", ex),
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.DatatypeMismatch } pg => new ConfigurationException(
            $"A table Slipway reads does not have the shape it expects: {pg.SqlState} {pg.MessageText}. If another tool created a table of the history table's name, give Slipway a table name of its own. Nothing was changed.", ex),
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } pg => new ConnectionLostException(
            $"The server shut down during the run ({pg.SqlState} {pg.MessageText}); a transactional migration in flight was rolled back. Run again once it is up.", ex),
        PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => Pooler(ex, "talking to the database") ?? new ConnectionLostException(
            $"The database connection failed ({pg.SqlState} {pg.MessageText}); a transactional migration in flight was rolled back. Run again.", ex),
        PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal) => new DatabaseUnreachableException(
            $"The server is out of a resource ({pg.SqlState} {pg.MessageText}): free disk space, memory or connection slots on the server, then run again.", ex),
        PostgresException pg => new SlipwayException(
            $"The database refused one of Slipway's own statements: {pg.SqlState} {pg.MessageText}{(pg.Detail is { Length: > 0 } d ? " (" + d + ")" : string.Empty)}. Its transaction was rolled back.", ex),
        NpgsqlException npg => PoolerOrTimeout(ex, "talking to the database") ?? new ConnectionLostException(
            $"The database connection failed ({npg.InnerException?.Message ?? npg.Message}); a transactional migration in flight was rolled back. Run again.", ex),
        _ => null,
    };

    /// <summary>Why a connection could not be opened, and whether waiting can help.</summary>
    public static DatabaseUnreachableException Unreachable(Exception ex, PostgresOptions options)
    {
        var (reason, transient) = ex switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } => ("authentication failed: check the user and password in DATABASE_URL", false),
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } => ("the database does not exist: create it or fix the database name in DATABASE_URL", false),
            PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow } => ("the server is starting up", true),
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } => ("the server has no free connection slot (max_connections reached); behind a pooler, keep the pooler's server connections for all databases below it", true),
            PostgresException { SqlState: PostgresErrorCodes.ProtocolViolation } pg => ($"the connection pooler refused the connection ({pg.MessageText})", true),
            PostgresException pg => ($"{pg.SqlState}: {pg.MessageText}", true),
            _ when ex is TimeoutException || ex.InnerException is TimeoutException => (string.Create(CultureInfo.InvariantCulture,
                $"no answer within {new NpgsqlConnectionStringBuilder(options.ConnectionString).Timeout} s (connect_timeout); behind a connection pooler its log says why (e.g. it cannot reach the server)"), true),
            // Npgsql's own wording; the server's refusal of TLS does not change by waiting.
            _ when ex.Message.Contains("SSL", StringComparison.Ordinal) || ex.InnerException is System.Security.Authentication.AuthenticationException =>
                ($"TLS could not be set up ({ex.InnerException?.Message ?? ex.Message}). The URL asks for TLS (sslmode=require or stricter) and the server does not offer it or its certificate is not trusted: "
                    + "enable ssl on the server, or, on a trusted network only, use sslmode=prefer or sslmode=disable", false),
            _ => (ex.InnerException?.Message ?? ex.Message, true),
        };
        return new DatabaseUnreachableException($"Cannot connect to {options.DisplayName}: {reason}", null, transient);
    }

    private static AccessDeniedException AccessDenied(PostgresException ex, string prefix, string? role)
    {
        var who = role is { Length: > 0 } ? $"the role '{role}'" : "the connecting role";
        var advice = ex.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction
            ? "The database is read-only (default_transaction_read_only is on, or this is a standby): point DATABASE_URL at a writable primary, or turn it off with ALTER DATABASE ... SET default_transaction_read_only = off."
            : $"{who} lacks a privilege Slipway needs: grant it (e.g. GRANT CREATE ON SCHEMA ... or GRANT CREATE ON DATABASE ... TO that role), create the schema beforehand, or migrate as the owner.";
        return new AccessDeniedException($"{prefix}{ex.SqlState} {ex.MessageText}. {advice} The failing statement changed nothing.", ex);
    }

    private static int LineOf(string sql, int position)
    {
        var end = Math.Min(position, sql.Length);
        var line = 1;
        for (var i = 0; i < end; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
