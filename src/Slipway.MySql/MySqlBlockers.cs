using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace Slipway.MySql;

/// <summary>
/// Who holds the locks a statement waited for: the other sessions with an open transaction or an explicit
/// table lock, read right after the wait failed (the holder usually still has them). String literals of
/// their statements are masked.
/// </summary>
internal static partial class MySqlBlockers
{
    private const string Sql = """
        SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, COALESCE(LEFT(p.INFO, 200), ''), t.trx_started IS NOT NULL
        FROM information_schema.PROCESSLIST p
        LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
        WHERE p.ID <> CONNECTION_ID() AND (t.trx_id IS NOT NULL OR p.STATE LIKE '%lock%')
        ORDER BY t.trx_started IS NULL, t.trx_started LIMIT 5
        """;

    /// <summary>A readable list of the likely blockers, e.g. <c>connection 12 (app@10.0.0.5, transaction open, Sleep for 30 s)</c>; null when none is visible.</summary>
    public static async Task<string?> DescribeAsync(MySqlConnection connection)
    {
        try
        {
            await using var command = new MySqlCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            var text = new StringBuilder();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                var query = reader.GetString(5);
                text.Append(CultureInfo.InvariantCulture, $"connection {reader.GetInt64(0)} ({reader.GetString(1)}@{reader.GetString(2)}{(reader.GetBoolean(6) ? ", transaction open" : string.Empty)}, {reader.GetString(3)} for {reader.GetInt64(4)} s)");
                if (query.Length > 0)
                {
                    text.Append(": ").Append(Literal().Replace(query, "'?'"));
                }
            }

            return text.Length == 0 ? null : text.ToString();
        }
        catch (MySqlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"'(?:[^'\\]|\\.|'')*'", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();
}
