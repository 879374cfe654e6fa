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
    private readonly byte[] _utf8 = new byte[ChecksumValue.HexLength];

    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetText(int ordinal) => reader.GetString(ordinal);

    /// <summary>Npgsql copies a text column's bytes (UTF-8, the connection's encoding) straight from its read buffer.</summary>
    public bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
    {
        var length = reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length > _utf8.Length)
        {
            utf8 = default;
            return false;
        }

        utf8 = _utf8.AsSpan(0, (int)reader.GetBytes(ordinal, 0, _utf8, 0, (int)length));
        return true;
    }

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
