using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>A row of <see cref="SqliteHistorySql.Select"/>: times are ISO 8601 text, booleans 0 or 1.</summary>
internal sealed class SqliteHistoryRow(SqliteDataReader reader) : IHistoryRow
{
    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetText(int ordinal) => reader.GetString(ordinal);

    /// <summary>Microsoft.Data.Sqlite copies a value's bytes into a new array first: read as text.</summary>
    public bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        return false;
    }

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public bool GetBoolean(int ordinal) => reader.GetInt64(ordinal) != 0;

    public DateTimeOffset GetTimestamp(int ordinal) => DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    public MigrationKind GetKind(int ordinal) => KindNames.ParseKind(reader.GetString(ordinal));

    public MigrationPhase GetPhase(int ordinal) => KindNames.TryParsePhase(reader.GetString(ordinal)) ?? MigrationPhase.PreDeploy;

    /// <summary>
    /// The error for a history table of another shape when the columns' declared types (known once the
    /// query is prepared, before any row) lack the history table's affinities; null when they have them.
    /// Costs nothing and catches a foreign table even when it is empty; a query that succeeded has every column.
    /// </summary>
    public static ConfigurationException? ShapeError(SqliteDataReader reader, bool includeDownScripts, HistoryTable table, string target)
    {
        return HistoryShape.CheckReply(
            table, target, i => includeDownScripts || i != HistoryCodec.DownScriptOrdinal, reader.GetDataTypeName, SqliteHistoryTypes.Accepts, SqliteHistoryTypes.Name);
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
