using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace Slipway.Cli.Configuration;

/// <summary>Chooses the provider from the form of <c>DATABASE_URL</c>. The CLI is the only place that knows every provider.</summary>
internal static class ProviderFactory
{
    public static IMigrationProvider Create(CliSettings settings, ILoggerFactory loggers)
    {
        var url = settings.DatabaseUrl;
        if (SqliteConnectionUrl.IsSqlite(url))
        {
            if (settings.Schema is not null)
            {
                throw new ConfigurationException("--schema / SLIPWAY_SCHEMA is not supported for SQLite (it has no schemas); remove it");
            }

            if (settings.LockMode != PostgresLockMode.Advisory)
            {
                throw new ConfigurationException("--lock-mode / SLIPWAY_LOCK_MODE applies to PostgreSQL only; SQLite always locks the database file. Remove it");
            }

            return new SqliteProvider(SqliteConnectionUrl.Parse(url, settings.Table)) { BusyTimeout = settings.LockWait };
        }

        if (PostgresConnectionUrl.IsPostgres(url))
        {
            return new PostgresProvider(PostgresConnectionUrl.Parse(url, settings.Schema, settings.Table) with
            {
                LockMode = settings.LockMode,
                LeaseDuration = settings.LeaseDuration,
                SessionDefaults = settings.Timeouts,
            })
            {
                Logger = loggers.CreateLogger<PostgresProvider>(),
            };
        }

        var scheme = url.Contains("://", StringComparison.Ordinal) ? url[..url.IndexOf("://", StringComparison.Ordinal)] : "(none)";
        throw new ConfigurationException($"DATABASE_URL has an unsupported scheme '{scheme}'; expected postgresql://user:pass@host:5432/db or sqlite:path/to/file.db");
    }
}
