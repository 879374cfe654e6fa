using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Slipway.Sqlite;

/// <summary>
/// Writes a (scratch) SQLite file as one script for <c>squash</c>: tables in creation order, their rows as
/// INSERT statements, AUTOINCREMENT counters, then indexes, views and triggers in creation order (after the
/// rows, so no trigger fires while they are inserted). The SQL of each object is SQLite's own text from
/// <c>sqlite_master</c>.
/// </summary>
internal static class SqliteScripter
{
    // Rows go in table by table: a foreign key to a table written later is checked at commit instead.
    private const string Preamble = "PRAGMA defer_foreign_keys = ON;\n\n";

    private const string Objects = """
        SELECT m.type, m.name, m.sql, coalesce(l.wr, 0)
        FROM sqlite_master m LEFT JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main'
        WHERE m.sql IS NOT NULL AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.tbl_name <> $history
          AND coalesce(l.type, '') <> 'shadow'
        ORDER BY m.rowid
        """;

    public static async Task<string> ScriptAsync(SqliteConnection connection, string historyTable, CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, string Sql, bool WithoutRowid)>();
        var others = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Objects;
            command.Parameters.AddWithValue("$history", historyTable);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var sql = reader.GetString(2).Trim();
                if (reader.GetString(0) == "table")
                {
                    tables.Add((reader.GetString(1), sql, reader.GetInt64(3) != 0));
                }
                else
                {
                    others.Add(sql);
                }
            }
        }

        var text = new StringBuilder(Preamble);
        foreach (var table in tables)
        {
            text.Append(table.Sql).Append(";\n\n");
        }

        foreach (var table in tables.Where(t => !t.Sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase)))
        {
            await AppendRowsAsync(connection, text, table.Name, table.WithoutRowid, cancellationToken);
        }

        await AppendSequencesAsync(connection, text, cancellationToken);
        foreach (var sql in others)
        {
            text.Append(sql).Append(";\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static async Task AppendRowsAsync(SqliteConnection connection, StringBuilder text, string table, bool withoutRowid, CancellationToken cancellationToken)
    {
        // Generated and hidden columns are computed, never inserted.
        var columns = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_xinfo($table) WHERE hidden = 0 ORDER BY cid";
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(Quote(reader.GetString(0)));
            }
        }

        var list = string.Join(", ", columns);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {list} FROM {Quote(table)}" + (withoutRowid ? string.Empty : " ORDER BY rowid");
        await using var rows = await select.ExecuteReaderAsync(cancellationToken);
        var any = false;
        while (await rows.ReadAsync(cancellationToken))
        {
            any = true;
            text.Append("INSERT INTO ").Append(Quote(table)).Append(" (").Append(list).Append(") VALUES (");
            for (var i = 0; i < rows.FieldCount; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(Literal(rows.GetValue(i)));
            }

            text.Append(");\n");
        }

        if (any)
        {
            text.Append('\n');
        }
    }

    private static async Task AppendSequencesAsync(SqliteConnection connection, StringBuilder text, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, seq FROM sqlite_sequence ORDER BY name";
        SqliteDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (SqliteException)
        {
            // No AUTOINCREMENT table, so no counters.
            return;
        }

        await using (reader)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = Literal(reader.GetString(0));
                text.Append(CultureInfo.InvariantCulture, $"DELETE FROM sqlite_sequence WHERE name = {name};\nINSERT INTO sqlite_sequence (name, seq) VALUES ({name}, {reader.GetInt64(1)});\n\n");
            }
        }
    }

    private static string Literal(object value) => value switch
    {
        DBNull => "NULL",
        long number => number.ToString(CultureInfo.InvariantCulture),
        double real => Real(real),
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => "'" + Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("'", "''", StringComparison.Ordinal) + "'",
    };

    // A REAL must read back as a REAL, also in a column without affinity.
    private static string Real(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "9e999";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-9e999";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
