using MySqlConnector;
using Slipway.Diagnostics;

namespace Slipway.MySql;

/// <summary>Maps MySqlConnector errors to Slipway's failure kinds with messages an operator can act on.</summary>
internal static class MySqlErrors
{
    /// <summary>InnoDB row lock or metadata lock wait longer than the limit (both report 1205), or a deadlock victim.</summary>
    public static bool IsLockWait(MySqlException ex) => ex.ErrorCode is MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.LockDeadlock;

    /// <summary>The statement ran longer than max_statement_time (MariaDB 1969) or max_execution_time (MySQL 3024).</summary>
    public static bool IsStatementTimeout(MySqlException ex) => ex.Number is 1969 or 3024;

    /// <summary>True when the connection is gone (the server closed it, the network broke, the session was killed).</summary>
    public static bool IsConnectionLoss(Exception ex, MySqlConnection connection) =>
        connection.State != System.Data.ConnectionState.Open
        || ex is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.ServerShutdown }
        || ex is MySqlException { Number: 2006 or 2013 or 1927 }
        || ex.InnerException is IOException or System.Net.Sockets.SocketException;

    /// <summary>A failure of a migration's own SQL as the kind of failure it means.</summary>
    public static SlipwayException Map(Exception ex, MySqlConnection connection, string script)
    {
        if (IsConnectionLoss(ex, connection))
        {
            return new ConnectionLostException($"Database connection lost while applying {script}; a transactional migration was rolled back by the server and the next run applies it again.", ex);
        }

        if (ex is MySqlException denied && IsDenied(denied))
        {
            return AccessDenied(denied, $"{script}: ");
        }

        if (ex is MySqlException my && IsStatementTimeout(my))
        {
            return new MigrationFailedException(script, $"{script}: a statement ran longer than its statement timeout and was stopped ({my.Number} {my.Message}). Raise the statement timeout for this migration (-- slipway: statement-timeout=...) or make the statement faster");
        }

        return ex is MySqlException m
            ? new MigrationFailedException(script, $"{script}: {m.Number} {m.Message}")
            : new MigrationFailedException(script, $"{script}: {ex.Message}");
    }

    /// <summary>
    /// A driver exception that escaped every narrower mapping (one of Slipway's own statements, not a
    /// migration's) as the kind of failure it means; null when MySqlConnector did not raise it.
    /// </summary>
    public static SlipwayException? Translate(Exception ex) => ex switch
    {
        MySqlException denied when IsDenied(denied) => AccessDenied(denied, string.Empty),
        MySqlException { ErrorCode: MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError } my => new ConfigurationException(
            $"A table Slipway reads does not have the shape it expects: {my.Number} {my.Message}. If another tool created a table of the history table's name, give Slipway a table name of its own. Nothing was changed.", ex),
        MySqlException { ErrorCode: MySqlErrorCode.ConnectionCountError or MySqlErrorCode.OutOfResources or MySqlErrorCode.DiskFull } my => new DatabaseUnreachableException(
            $"The server is out of a resource ({my.Number} {my.Message}): free disk space, memory or connection slots on the server, then run again.", ex),
        MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown } or MySqlException { Number: 2006 or 2013 or 1927 } => new ConnectionLostException(
            $"The database connection failed ({ex.Message}); a transactional migration in flight was rolled back. Run again.", ex),
        MySqlException my => new SlipwayException(
            $"The database refused one of Slipway's own statements: {my.Number} {my.Message}. Its transaction was rolled back.", ex),
        _ => null,
    };

    /// <summary>Why a connection could not be opened, and whether waiting can help.</summary>
    public static DatabaseUnreachableException Unreachable(Exception ex, MySqlOptions options)
    {
        var (reason, transient) = ex switch
        {
            MySqlException { ErrorCode: MySqlErrorCode.AccessDenied } => ("authentication failed: check the user and password in DATABASE_URL", false),
            MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } => ("the database does not exist: create it (CREATE DATABASE) or fix the database name in DATABASE_URL", false),
            MySqlException { ErrorCode: MySqlErrorCode.DatabaseAccessDenied } => ("the user may not use this database: GRANT it privileges on the database, or fix the database name in DATABASE_URL", false),
            MySqlException { ErrorCode: MySqlErrorCode.ConnectionCountError } => ("the server has no free connection slot (max_connections reached)", true),
            _ when ex.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("TLS", StringComparison.Ordinal) || ex.InnerException is System.Security.Authentication.AuthenticationException =>
                ($"TLS could not be set up ({ex.InnerException?.Message ?? ex.Message}). The URL asks for TLS (sslmode=require or stricter) and the server does not offer it or its certificate is not trusted: "
                    + "enable TLS on the server, or, on a trusted network only, use sslmode=prefer or sslmode=disable", false),
            MySqlException my when my.Number is > 0 and < 2000 => ($"{my.Number}: {my.Message}", true),
            _ => (ex.InnerException?.Message ?? ex.Message, true),
        };
        return new DatabaseUnreachableException($"Cannot connect to {options.DisplayName}: {reason}", null, transient);
    }

    private static bool IsDenied(MySqlException ex) =>
        ex.ErrorCode is MySqlErrorCode.TableAccessDenied or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.ColumnAccessDenied
            or MySqlErrorCode.OptionPreventsStatement || ex.Number is 1227 or 1792;

    private static AccessDeniedException AccessDenied(MySqlException ex, string prefix)
    {
        var advice = ex.ErrorCode == MySqlErrorCode.OptionPreventsStatement || ex.Number == 1792
            ? "The server is read-only (read_only is on, or this is a replica): point DATABASE_URL at the writable primary."
            : "The user lacks a privilege Slipway needs: GRANT it (e.g. GRANT ALL ON db.* TO that user), or migrate as the schema's owner.";
        return new AccessDeniedException($"{prefix}{ex.Number} {ex.Message}. {advice} The failing statement changed nothing.", ex);
    }
}
