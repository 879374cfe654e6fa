using Npgsql;

namespace Slipway.Testing;

/// <summary>
/// The throwaway PostgreSQL server started by scripts/test.sh (env SLIPWAY_TEST_PG). Every test gets
/// its own database, so tests never collide and can run in parallel.
/// </summary>
public static class PostgresServer
{
    /// <summary>The admin URL (contains the password: never print it).</summary>
    public static string AdminUrl => Environment.GetEnvironmentVariable("SLIPWAY_TEST_PG") is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException("SLIPWAY_TEST_PG is not set: run the suite with scripts/test.sh, which starts a throwaway PostgreSQL server.");

    /// <summary>The admin password, for redaction checks.</summary>
    public static string Password => new Uri(AdminUrl).UserInfo.Split(':', 2)[1];

    /// <summary>The server's bin folder (pg_ctl, pg_dump, psql).</summary>
    public static string BinDirectory => Environment.GetEnvironmentVariable("SLIPWAY_TEST_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    /// <summary>Creates a fresh, empty database; dispose to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string? prefix = null)
    {
        var name = (prefix ?? "t") + "_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new UriBuilder(AdminUrl) { Path = "/" + name };
        return new TestDatabase(name, builder.Uri.ToString(), AdminConnectionString(name));
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the admin user, unpooled.</summary>
    public static string AdminConnectionString(string database)
    {
        var uri = new Uri(AdminUrl);
        var user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = Uri.UnescapeDataString(user[1]),
            Database = database,
            Pooling = false,
        }.ConnectionString;
    }
}
