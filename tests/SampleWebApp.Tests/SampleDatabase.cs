using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Npgsql;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>
/// A fresh database on one of the suite's throwaway servers, for the sample's server dialects: <c>postgres</c>
/// (PostgreSQL) and <c>mysql</c> (MariaDB). The name is also the sample's migrations folder. Dropped on dispose.
/// </summary>
public sealed class SampleDatabase : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;
    private readonly MariaDbDatabase? _mysql;

    private SampleDatabase(string dialect, TestDatabase? postgres, MariaDbDatabase? mysql)
    {
        Dialect = dialect;
        _postgres = postgres;
        _mysql = mysql;
    }

    /// <summary><c>postgres</c> or <c>mysql</c>.</summary>
    public string Dialect { get; }

    public bool IsMySql => _mysql is not null;

    /// <summary>The schema owner's DATABASE_URL (contains the password).</summary>
    public string Url => _postgres?.Url ?? _mysql!.Url;

    public string Name => _postgres?.Name ?? _mysql!.Name;

    /// <summary>The sample's migrations for this database, in the repository.</summary>
    public string Migrations => SampleApp.MigrationsOf(Dialect);

    /// <summary>The user that migrates, as the history's applied_by records it.</summary>
    public string Owner => Uri.UnescapeDataString(new Uri(Url).UserInfo.Split(':', 2)[0]);

    public static async Task<SampleDatabase> CreateAsync(string dialect) => dialect switch
    {
        "postgres" => new SampleDatabase(dialect, await PostgresServer.CreateDatabaseAsync("webapp"), null),
        "mysql" => new SampleDatabase(dialect, null, await MariaDbServer.CreateDatabaseAsync("webapp")),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "postgres or mysql"),
    };

    public async Task<string?> ScalarAsync(string sql) => _postgres is not null
        ? await _postgres.ScalarAsync<string>(sql)
        : (await _mysql!.ColumnAsync(sql)).FirstOrDefault();

    public Task ExecuteAsync(string sql) => _postgres?.ExecuteAsync(sql) ?? _mysql!.ExecuteAsync(sql);

    /// <summary>A connection of this database's driver, not yet open.</summary>
    public DbConnection Connection(string connectionString) => IsMySql ? new MySqlConnection(connectionString) : new NpgsqlConnection(connectionString);

    /// <summary>The owner's connection string with another user's credentials.</summary>
    public string ConnectionStringFor(string user, string password) => IsMySql
        ? new MySqlConnectionStringBuilder(_mysql!.ConnectionString) { UserID = user, Password = password }.ConnectionString
        : new NpgsqlConnectionStringBuilder(_postgres!.ConnectionString) { Username = user, Password = password }.ConnectionString;

    /// <summary>Whether a driver error is the server refusing a statement for lack of a privilege.</summary>
    public static bool IsPermissionDenied(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.InsufficientPrivilege,

        // 1142: command denied on a table; 1044: access denied to the database (CREATE TABLE).
        MySqlException my => my.Number is 1142 or 1044,
        _ => false,
    };

    public string Describe(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState + " " + pg.MessageText,
        MySqlException my => my.Number.ToString(CultureInfo.InvariantCulture) + " " + my.Message,
        _ => error.GetType().Name + " " + error.Message,
    };

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? _mysql!.DisposeAsync();
}
