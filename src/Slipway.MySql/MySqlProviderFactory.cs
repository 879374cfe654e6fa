using Microsoft.Extensions.Logging;
using Slipway.Backup;
using Slipway.Diagnostics;
using Slipway.Providers;
using Slipway.Sql;

namespace Slipway.MySql;

/// <summary>
/// Plugs MySQL and MariaDB into configuration by URL: <c>mysql://</c> and <c>mariadb://</c> URLs and
/// MySqlConnector connection strings (<c>Server=...;User ID=...;Database=...</c>).
/// </summary>
public sealed class MySqlProviderFactory : IProviderFactory
{
    /// <inheritdoc />
    public string Name => "mysql";

    /// <inheritdoc />
    public string UrlForms => "mysql://user:pass@host:3306/db or mariadb://... (or a connection string Server=...;User ID=...;Database=...)";

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.MySql;

    /// <inheritdoc />
    public bool Accepts(string url) => url is not null && MySqlConnectionUrl.IsMySql(url);

    /// <inheritdoc />
    public IMigrationProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.LockMode is { } mode && !string.Equals(mode.Trim(), "advisory", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"The lock mode '{mode}' applies to PostgreSQL only; MySQL and MariaDB always use GET_LOCK, a session lock. Remove it");
        }

        return new MySqlProvider(Options(settings) with { SessionDefaults = settings.SessionDefaults })
        {
            Logger = settings.Loggers?.CreateLogger<MySqlProvider>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };
    }

    /// <inheritdoc />
    public IBackupProvider CreateBackup(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MySqlBackup(Options(settings), settings.ToolsDirectory);
    }

    /// <inheritdoc />
    public SlipwayException? Translate(Exception exception) => MySqlErrors.Translate(exception);

    private static MySqlOptions Options(ProviderSettings settings) =>
        MySqlConnectionUrl.Parse(settings.Url, settings.HistorySchema, settings.HistoryTable);
}
