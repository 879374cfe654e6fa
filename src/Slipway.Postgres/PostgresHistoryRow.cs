using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// A row of <see cref="PostgresHistorySql.Select"/> with Npgsql's conversions. Kind and phase arrive as a
/// number and a boolean: text would be two strings per row just to be parsed, and a no-op run reads every row.
/// </summary>
internal sealed class PostgresHistoryRow(NpgsqlDataReader reader) : IHistoryRow
{
    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetText(int ordinal) => reader.GetString(ordinal);

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);

    public DateTimeOffset GetTimestamp(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public MigrationKind GetKind(int ordinal) => (MigrationKind)reader.GetInt32(ordinal);

    public MigrationPhase GetPhase(int ordinal) => reader.GetBoolean(ordinal) ? MigrationPhase.PostDeploy : MigrationPhase.PreDeploy;

    /// <summary>
    /// The error for a history table of another shape when the result's column types (known from the
    /// reply's row description, before any row) are not the history table's; null when they are. Costs no
    /// round trip and catches a foreign table even when it is empty. Kind and phase are computed by the
    /// query, so their types say nothing about the table; a query that succeeded has every column.
    /// </summary>
    public static ConfigurationException? ShapeError(NpgsqlDataReader reader, bool includeDownScripts, HistoryTable table, string target)
    {
        return HistoryShape.CheckReply(
            table,
            target,
            i => HistoryCodec.Columns[i].Name is not ("kind" or "phase") && (includeDownScripts || i != HistoryCodec.DownScriptOrdinal),
            reader.GetDataTypeName,
            PostgresHistoryTypes.Accepts,
            PostgresHistoryTypes.Name);
    }
}
