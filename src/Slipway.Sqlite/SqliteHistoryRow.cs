using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>A row of <see cref="SqliteHistorySql.Select"/>: times are ISO 8601 text, booleans 0 or 1.</summary>
internal sealed class SqliteHistoryRow(SqliteDataReader reader) : IHistoryRow
{
    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetText(int ordinal) => reader.GetString(ordinal);

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public bool GetBoolean(int ordinal) => reader.GetInt64(ordinal) != 0;

    public DateTimeOffset GetTimestamp(int ordinal) => DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    public MigrationKind GetKind(int ordinal) => KindNames.ParseKind(reader.GetString(ordinal));

    public MigrationPhase GetPhase(int ordinal) => KindNames.TryParsePhase(reader.GetString(ordinal)) ?? MigrationPhase.PreDeploy;

    /// <summary>
    /// True when the columns' declared types (known once the query is prepared, before any row) have the
    /// history table's affinities: catches a foreign table even when it is empty, at no cost.
    /// </summary>
    public static bool Fits(SqliteDataReader reader, bool includeDownScripts)
    {
        for (var i = 0; i < HistoryCodec.Columns.Count; i++)
        {
            if (i == HistoryCodec.DownScriptOrdinal && !includeDownScripts)
            {
                continue;
            }

            if (!SqliteHistoryTypes.Accepts(HistoryCodec.Columns[i].Type, reader.GetDataTypeName(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value to bind for one of <see cref="HistoryCodec.Values"/>.</summary>
    public static object Parameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? 1 : 0,
        _ => value,
    };
}
