using Slipway.Diagnostics;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace Slipway.AspNetCore.Configuration;

/// <summary>Chooses the provider from the form of the database URL, as the CLI does.</summary>
internal static class ProviderSelector
{
    public static IMigrationProvider Create(SlipwayOptions options)
    {
        var url = options.DatabaseUrl ?? throw new ConfigurationException("DATABASE_URL is not set");
        if (SqliteConnectionUrl.IsSqlite(url))
        {
            if (options.HistorySchema is not null)
            {
                throw new ConfigurationException("Slipway:HistorySchema is not supported for SQLite (it has no schemas); remove it");
            }

            return new SqliteProvider(SqliteConnectionUrl.Parse(url, options.HistoryTable)) { BusyTimeout = options.LockWait };
        }

        if (PostgresConnectionUrl.IsPostgres(url))
        {
            return new PostgresProvider(PostgresConnectionUrl.Parse(url, options.HistorySchema, options.HistoryTable));
        }

        throw new ConfigurationException("DATABASE_URL has an unsupported form; expected postgresql://user:pass@host:5432/db or sqlite:path/to/file.db");
    }
}
