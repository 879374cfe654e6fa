using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>Settings of the SQLite provider. Build them with <see cref="SqliteConnectionUrl.Parse"/>.</summary>
public sealed record SqliteOptions
{
    /// <summary>The database file, or <c>:memory:</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The history table (SQLite has no schemas: <see cref="HistoryTable.Schema"/> must be null).</summary>
    public HistoryTable HistoryTable { get; init; } = new();

    /// <summary>The target for messages, e.g. <c>sqlite:app.db</c>.</summary>
    public string DisplayName => "sqlite:" + Path;
}
