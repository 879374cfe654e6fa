using Slipway.History;

namespace Slipway.MySql;

/// <summary>The MySQL types of the history table's kinds of column, as <c>information_schema.COLUMNS.DATA_TYPE</c> spells them.</summary>
internal static class MySqlHistoryTypes
{
    /// <summary>The type Slipway creates a column of this kind with.</summary>
    public static string Name(HistoryColumnType type) => type switch
    {
        HistoryColumnType.Number => "int",
        HistoryColumnType.BigNumber => "bigint",
        HistoryColumnType.Flag => "tinyint",
        HistoryColumnType.Timestamp => "datetime",
        _ => "varchar or text",
    };

    /// <summary>True when a column of <paramref name="actual"/> type (any case, modifiers ignored) reads as this kind.</summary>
    public static bool Accepts(HistoryColumnType type, string actual)
    {
        var name = (actual.IndexOf('(', StringComparison.Ordinal) is var open and >= 0 ? actual[..open] : actual).Trim().ToLowerInvariant();
        return type switch
        {
            HistoryColumnType.Number or HistoryColumnType.BigNumber => name is "int" or "integer" or "bigint" or "mediumint" or "smallint",
            HistoryColumnType.Flag => name is "tinyint" or "bool" or "boolean" or "bit",
            HistoryColumnType.Timestamp => name is "datetime" or "timestamp",
            _ => name.Contains("char", StringComparison.Ordinal) || name.Contains("text", StringComparison.Ordinal),
        };
    }
}
