using Npgsql;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>
/// A LOGIN user that is a member of the sample's DML-only group role <c>sample_app</c> (created by
/// migration V2), as operators set one up for the app. Roles are cluster-wide: dropped on dispose.
/// </summary>
public sealed class AppRole : IAsyncDisposable
{
    private AppRole(string name, string password, TestDatabase database)
    {
        Name = name;
        Password = password;
        Url = new UriBuilder(database.Url) { UserName = name, Password = password }.Uri.ToString();
        ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = name, Password = password }.ConnectionString;
    }

    public string Name { get; }

    public string Password { get; }

    /// <summary>A DATABASE_URL that connects as this user.</summary>
    public string Url { get; }

    public string ConnectionString { get; }

    public static async Task<AppRole> CreateAsync(TestDatabase database)
    {
        var name = "notes_app_" + Guid.NewGuid().ToString("N")[..10];
        var password = Guid.NewGuid().ToString("N");
        await database.ExecuteAsync($"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE sample_app");
        return new AppRole(name, password, database);
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS {Name}", connection);
        await command.ExecuteNonQueryAsync();
    }
}
