using Slipway.Backup;
using Slipway.Diagnostics;
using Slipway.Providers;
using Slipway.Sql;

namespace Slipway.Sqlite;

/// <summary>Plugs SQLite into configuration by URL: <c>sqlite:path.db</c>, <c>sqlite:///abs/path.db</c>, <c>sqlite::memory:</c>.</summary>
public sealed class SqliteProviderFactory : IProviderFactory
{
    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public string UrlForms => "sqlite:path/to/file.db (or sqlite:///absolute/path.db)";

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <inheritdoc />
    public bool Accepts(string url) => url is not null && SqliteConnectionUrl.IsSqlite(url);

    /// <inheritdoc />
    public IMigrationProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.LockMode is { } mode && !string.Equals(mode.Trim(), "advisory", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"The lock mode '{mode}' applies to PostgreSQL only; SQLite always locks the database file. Remove it");
        }

        return new SqliteProvider(Options(settings)) { BusyTimeout = settings.LockWait };
    }

    /// <inheritdoc />
    public IBackupProvider CreateBackup(ProviderSettings settings) => new SqliteBackup(Options(settings));

    /// <inheritdoc />
    public SlipwayException? Translate(Exception exception) => SqliteErrors.Translate(exception);

    private static SqliteOptions Options(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HistorySchema is null
            ? SqliteConnectionUrl.Parse(settings.Url, settings.HistoryTable)
            : throw new ConfigurationException("A history schema is not supported for SQLite (it has no schemas); remove it");
    }
}
