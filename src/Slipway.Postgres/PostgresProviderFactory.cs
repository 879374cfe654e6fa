using Microsoft.Extensions.Logging;
using Slipway.Backup;
using Slipway.Diagnostics;
using Slipway.Providers;
using Slipway.Sql;

namespace Slipway.Postgres;

/// <summary>
/// Plugs PostgreSQL into configuration by URL: <c>postgresql://</c> and <c>postgres://</c> URLs and
/// Npgsql connection strings (<c>Host=...;Username=...</c>).
/// </summary>
public sealed class PostgresProviderFactory : IProviderFactory
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public string UrlForms => "postgresql://user:pass@host:5432/db (or an Npgsql connection string Host=...;Username=...;Database=...)";

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.PostgreSql;

    /// <inheritdoc />
    public bool Accepts(string url) => url is not null && PostgresConnectionUrl.IsPostgres(url);

    /// <inheritdoc />
    public IMigrationProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PostgresProvider(Options(settings) with
        {
            LockMode = settings.LockMode?.Trim().ToLowerInvariant() switch
            {
                null or "advisory" => PostgresLockMode.Advisory,
                "lease" => PostgresLockMode.Lease,
                var other => throw new ConfigurationException($"The lock mode '{other}' is not known; use advisory (direct connections) or lease (behind PgBouncer in transaction pooling mode)"),
            },
            LeaseDuration = settings.LeaseDuration,
            SessionDefaults = settings.SessionDefaults,
            ToolsDirectory = settings.ToolsDirectory,
            SharedConnections = settings.SharedConnections,
        })
        {
            Logger = settings.Loggers?.CreateLogger<PostgresProvider>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };
    }

    /// <inheritdoc />
    public IBackupProvider CreateBackup(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PostgresBackup(Options(settings), settings.ToolsDirectory);
    }

    /// <inheritdoc />
    public SlipwayException? Translate(Exception exception) => PostgresErrors.Translate(exception);

    private static PostgresOptions Options(ProviderSettings settings) =>
        PostgresConnectionUrl.Parse(settings.Url, settings.HistorySchema, settings.HistoryTable) with { SnapshotSchema = settings.SnapshotSchema };
}
