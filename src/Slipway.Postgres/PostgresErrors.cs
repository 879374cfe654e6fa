using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;

namespace Slipway.Postgres;

/// <summary>Maps driver errors to Slipway's error types with messages an operator can act on.</summary>
internal static class PostgresErrors
{
    public static bool IsConnectionLoss(Exception ex, NpgsqlConnection connection) =>
        ex is NpgsqlException and not PostgresException
        && (connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State == System.Data.ConnectionState.Closed || ex.InnerException is IOException or System.Net.Sockets.SocketException);

    public static SlipwayException Map(Exception ex, NpgsqlConnection connection, string script, string? sql)
    {
        if (ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" } || IsConnectionLoss(ex, connection))
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
