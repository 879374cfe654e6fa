using MySqlConnector;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.MySql;

/// <summary>A row of <see cref="MySqlHistorySql.Select"/>: times are UTC <c>DATETIME(6)</c>, flags <c>BOOLEAN</c>, kind and phase text.</summary>
internal sealed class MySqlHistoryRow(MySqlDataReader reader) : IHistoryRow
{
    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetText(int ordinal) => reader.GetString(ordinal);

    /// <summary>MySqlConnector gives a text column's bytes only for binary columns: read as text.</summary>
    public bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        return false;
    }

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);

    public DateTimeOffset GetTimestamp(int ordinal) => new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public MigrationKind GetKind(int ordinal) => KindNames.ParseKind(reader.GetString(ordinal));

    public MigrationPhase GetPhase(int ordinal) => KindNames.TryParsePhase(reader.GetString(ordinal)) ?? MigrationPhase.PreDeploy;

    /// <summary>The value to bind for one of <see cref="HistoryCodec.Values"/>: times as UTC.</summary>
    public static object Parameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => time.UtcDateTime,
        _ => value,
    };
}
