using NpgsqlTypes;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>The PostgreSQL types of the history table's kinds of column.</summary>
internal static class PostgresHistoryTypes
{
    /// <summary>The type Slipway creates a column of this kind with, as the catalog spells it.</summary>
    public static string Name(HistoryColumnType type) => type switch
    {
        HistoryColumnType.Number => "integer",
        HistoryColumnType.BigNumber => "bigint",
        HistoryColumnType.Flag => "boolean",
        HistoryColumnType.Timestamp => "timestamp with time zone",
        _ => "text",
    };

    /// <summary>True when a column of <paramref name="actual"/> type (modifiers such as <c>(50)</c> ignored) reads as this kind.</summary>
    public static bool Accepts(HistoryColumnType type, string actual)
    {
        var name = actual.IndexOf('(', StringComparison.Ordinal) is var open and >= 0 ? actual[..open] : actual;
        return string.Equals(name, Name(type), StringComparison.Ordinal)
            || (type == HistoryColumnType.Text && string.Equals(name, "character varying", StringComparison.Ordinal));
    }

    /// <summary>The parameter type of a NULL written to a column of this kind (a NULL alone says nothing of its type).</summary>
    public static NpgsqlDbType DbType(HistoryColumnType type) => type switch
    {
        HistoryColumnType.Number => NpgsqlDbType.Integer,
        HistoryColumnType.BigNumber => NpgsqlDbType.Bigint,
        HistoryColumnType.Flag => NpgsqlDbType.Boolean,
        HistoryColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        _ => NpgsqlDbType.Text,
    };
}
