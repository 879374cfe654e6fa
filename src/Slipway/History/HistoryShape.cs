using Slipway.Diagnostics;

namespace Slipway.History;

/// <summary>
/// Checks that an existing table has the history table's columns, so a table of another tool or of
/// another shape is refused with a message that names it instead of failing half way through a run.
/// </summary>
internal static class HistoryShape
{
    /// <summary>
    /// The check of a history read's reply, whose column types the driver knows before any row: null when
    /// every column the query reads (<paramref name="isRead"/>, by position in <see cref="HistoryCodec.Columns"/>)
    /// has an accepted type, otherwise the error of <see cref="Check"/>. Columns the query does not read
    /// (computed ones, an unread down script) say nothing about the table and count as expected.
    /// </summary>
    public static ConfigurationException? CheckReply(
        HistoryTable table, string target, Func<int, bool> isRead, Func<int, string> typeAt, Func<HistoryColumnType, string, bool> accepts, Func<HistoryColumnType, string> expected)
    {
        ArgumentNullException.ThrowIfNull(isRead);
        ArgumentNullException.ThrowIfNull(typeAt);
        ArgumentNullException.ThrowIfNull(accepts);
        ArgumentNullException.ThrowIfNull(expected);
        var columns = HistoryCodec.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (isRead(i) && !accepts(columns[i].Type, typeAt(i)))
            {
                return Check(table, target, columns.Select((c, j) => (c.Name, isRead(j) ? typeAt(j) : expected(c.Type))), accepts, expected);
            }
        }

        return null;
    }

    /// <summary>
    /// Compares <paramref name="actual"/> (the table's columns and their type names, as the provider's
    /// catalog spells them) with <see cref="HistoryCodec.Columns"/>; returns null when every column is
    /// there with an accepted type, otherwise the error to throw. Extra columns are allowed.
    /// </summary>
    /// <param name="table">The history table.</param>
    /// <param name="target">The database, as shown to users (no password).</param>
    /// <param name="actual">The table's columns.</param>
    /// <param name="accepts">The provider's answer to "can a column of this kind be read from this type?".</param>
    /// <param name="expected">The provider's type name for a kind of column, for the message.</param>
    public static ConfigurationException? Check(
        HistoryTable table, string target, IEnumerable<(string Name, string Type)> actual, Func<HistoryColumnType, string, bool> accepts, Func<HistoryColumnType, string> expected)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(accepts);
        ArgumentNullException.ThrowIfNull(expected);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, type) in actual)
        {
            types.TryAdd(name, type);
        }

        var missing = new List<string>();
        var wrong = new List<string>();
        foreach (var column in HistoryCodec.Columns)
        {
            if (!types.TryGetValue(column.Name, out var type))
            {
                missing.Add(column.Name);
            }
            else if (!accepts(column.Type, type))
            {
                wrong.Add($"{column.Name} is {type}, expected {expected(column.Type)}");
            }
        }

        if (missing.Count == 0 && wrong.Count == 0)
        {
            return null;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add((missing.Count == 1 ? "missing column: " : "missing columns: ") + string.Join(", ", missing));
        }

        problems.AddRange(wrong);
        return new ConfigurationException(
            $"The table {table} on {target} is not a Slipway history table of this version ({string.Join("; ", problems)}). Nothing was changed. "
            + "If another tool owns that table, configure another history table name or schema for Slipway; if it is Slipway's, restore its columns.");
    }
}
