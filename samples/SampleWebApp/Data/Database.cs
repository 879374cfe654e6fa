using System.Data.Common;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using Slipway.MySql;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace SampleWebApp.Data;

/// <summary>The app's own connection pool, from the same DATABASE_URL Slipway reads.</summary>
internal sealed class Database : IAsyncDisposable
{
    private Database(DbDataSource source, DatabaseDialect dialect)
    {
        Source = source;
        Dialect = dialect;
    }

    public DbDataSource Source { get; }

    public DatabaseDialect Dialect { get; }

    public static Database FromUrl(string url)
    {
        // Slipway's parsers accept the same URL forms as the CLI; the app wants a pooled connection.
        switch (DatabaseDialects.Of(url))
        {
            case DatabaseDialect.Sqlite:
                var path = SqliteConnectionUrl.Parse(url).Path;
                var sqlite = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ConnectionString;
                return new Database(SqliteFactory.Instance.CreateDataSource(sqlite), DatabaseDialect.Sqlite);
            case DatabaseDialect.MySql:
                var mysql = new MySqlConnectionStringBuilder(MySqlConnectionUrl.Parse(url).ConnectionString)
                {
                    Pooling = true,
                    ApplicationName = "sample-web-app",
                };
                return new Database(new MySqlDataSource(mysql.ConnectionString), DatabaseDialect.MySql);
            default:
                var postgres = new NpgsqlConnectionStringBuilder(PostgresConnectionUrl.Parse(url).ConnectionString)
                {
                    Pooling = true,
                    ApplicationName = "sample-web-app",
                };
                return new Database(NpgsqlDataSource.Create(postgres.ConnectionString), DatabaseDialect.Postgres);
        }
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
