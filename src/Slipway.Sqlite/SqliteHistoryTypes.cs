using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>The SQLite types of the history table's kinds of column: SQLite compares by type affinity.</summary>
internal static class SqliteHistoryTypes
{
    /// <summary>The type Slipway declares a column of this kind with.</summary>
    public static string Name(HistoryColumnType type) =>
        type is HistoryColumnType.Text or HistoryColumnType.Timestamp ? "TEXT" : "INTEGER";

    /// <summary>True when a column declared as <paramref name="declared"/> has the affinity of this kind.</summary>
    public static bool Accepts(HistoryColumnType type, string declared) =>
        string.Equals(Affinity(declared), Affinity(Name(type)), StringComparison.Ordinal);

    // SQLite's rules, in its order (https://www.sqlite.org/datatype3.html, 3.1).
    private static string Affinity(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type switch
        {
            _ when type.Contains("INT", StringComparison.Ordinal) => "INTEGER",
            _ when type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) => "TEXT",
            _ when type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal) => "BLOB",
            _ when type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) => "REAL",
            _ => "NUMERIC",
        };
    }
}
