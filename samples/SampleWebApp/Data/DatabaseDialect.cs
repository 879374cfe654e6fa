using Slipway.MySql;
using Slipway.Postgres;
using Slipway.Sqlite;

namespace SampleWebApp.Data;

/// <summary>The app's three databases; the name is also the folder of its migrations (migrations/{name}/).</summary>
internal enum DatabaseDialect
{
    Postgres,
    MySql,
    Sqlite,
}

/// <summary>Which database a DATABASE_URL names, decided in the order Slipway's own provider registry uses.</summary>
internal static class DatabaseDialects
{
    public static DatabaseDialect Of(string url) =>
        SqliteConnectionUrl.IsSqlite(url) ? DatabaseDialect.Sqlite
        : PostgresConnectionUrl.IsPostgres(url) ? DatabaseDialect.Postgres
        : MySqlConnectionUrl.IsMySql(url) ? DatabaseDialect.MySql

        // Anything else: Slipway reports the unsupported form by name when the host starts.
        : DatabaseDialect.Postgres;

    /// <summary>The folder of the embedded migrations for this database.</summary>
    public static string MigrationsFolder(this DatabaseDialect dialect) => dialect switch
    {
        DatabaseDialect.Sqlite => "sqlite",
        DatabaseDialect.MySql => "mysql",
        _ => "postgres",
    };
}
