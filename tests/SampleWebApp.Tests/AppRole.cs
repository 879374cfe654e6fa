using System.Data.Common;
using Npgsql;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>
/// A login user that holds the sample's DML-only role <c>sample_app</c> (created by migration V2), as operators
/// set one up for the app: on PostgreSQL a member of the group role, on MySQL/MariaDB a user with the role as its
/// default. Roles and users are server-wide: dropped on dispose.
/// </summary>
public sealed class AppRole : IAsyncDisposable
{
    private readonly SampleDatabase _database;

    private AppRole(string name, string password, SampleDatabase database)
    {
        _database = database;
        Name = name;
        Password = password;
        Url = new UriBuilder(database.Url) { UserName = name, Password = password }.Uri.ToString();
        ConnectionString = database.ConnectionStringFor(name, password);
    }

    public string Name { get; }

    public string Password { get; }

    /// <summary>A DATABASE_URL that connects as this user.</summary>
    public string Url { get; }

    public string ConnectionString { get; }

    public static async Task<AppRole> CreateAsync(SampleDatabase database)
    {
        var name = "notes_app_" + Guid.NewGuid().ToString("N")[..10];
        var password = Guid.NewGuid().ToString("N");
        await database.ExecuteAsync(database.IsMySql
            ? $"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{password}'; GRANT sample_app TO '{name}'@'127.0.0.1'; SET DEFAULT ROLE sample_app FOR '{name}'@'127.0.0.1'"
            : $"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE sample_app");
        return new AppRole(name, password, database);
    }

    /// <summary>An open connection as this user.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        var connection = _database.Connection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database.IsMySql)
        {
            await _database.ExecuteAsync($"DROP USER IF EXISTS '{Name}'@'127.0.0.1'");
            return;
        }

        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS {Name}", connection);
        await command.ExecuteNonQueryAsync();
    }
}
