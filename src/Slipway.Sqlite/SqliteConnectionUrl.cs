using Slipway.Diagnostics;
using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>
/// Parses <c>sqlite:relative/path.db</c>, <c>sqlite:///abs/path.db</c> and <c>sqlite::memory:</c>.
/// </summary>
public static class SqliteConnectionUrl
{
    /// <summary>The file used when no <c>DATABASE_URL</c> is set: in the working directory.</summary>
    public const string DefaultUrl = "sqlite:slipway.db";

    /// <summary>True for <c>sqlite:</c> URLs.</summary>
    public static bool IsSqlite(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses the URL into options.</summary>
    public static SqliteOptions Parse(string value, string historyTable = HistoryTable.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsSqlite(value))
        {
            throw new ConfigurationException("DATABASE_URL is not an SQLite URL; expected sqlite:path/to/file.db, sqlite:///absolute/path.db or sqlite::memory:");
        }

        var rest = value["sqlite:".Length..];
        var path = rest switch
        {
            ":memory:" => ":memory:",
            _ when rest.StartsWith("///", StringComparison.Ordinal) => rest[2..],
            _ when rest.StartsWith("//", StringComparison.Ordinal) => rest[2..],
            _ => rest,
        };
        if (path.Length == 0)
        {
            throw new ConfigurationException("DATABASE_URL 'sqlite:' names no file; expected sqlite:path/to/file.db");
        }

        return new SqliteOptions { Path = path, HistoryTable = new HistoryTable(null, historyTable) };
    }
}
