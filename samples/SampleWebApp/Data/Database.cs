using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace SampleWebApp.Data;

/// <summary>The app's own connection pool, from the same DATABASE_URL Slipway reads.</summary>
internal sealed class Database : IAsyncDisposable
{
    private Database(DbDataSource source, bool isSqlite)
    {
        Source = source;
        IsSqlite = isSqlite;
    }

    public DbDataSource Source { get; }

    public bool IsSqlite { get; }

    public static Database FromUrl(string url)
    {
        if (SqliteConnectionUrl.IsSqlite(url))
        {
            var path = SqliteConnectionUrl.Parse(url).Path;
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ConnectionString;
            return new Database(SqliteFactory.Instance.CreateDataSource(connectionString), isSqlite: true);
        }

        // Slipway's parser accepts the same URL forms as the CLI; the app wants a pooled connection.
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionUrl.Parse(url).ConnectionString)
        {
            Pooling = true,
            ApplicationName = "sample-web-app",
        };
        return new Database(NpgsqlDataSource.Create(builder.ConnectionString), isSqlite: false);
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
