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

        if (ex is PostgresException pg)
        {
            var where = pg.Position > 0 && sql is not null ? " at line " + LineOf(sql, PostgresScript.OffsetOf(pg, sql) + pg.Position).ToString(CultureInfo.InvariantCulture) : string.Empty;
            var detail = pg.Detail is { Length: > 0 } d ? " (" + d + ")" : string.Empty;
            return new MigrationFailedException(script, $"{script}{where}: {pg.SqlState} {pg.MessageText}{detail}");
        }

        return new MigrationFailedException(script, $"{script}: {ex.Message}");
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
