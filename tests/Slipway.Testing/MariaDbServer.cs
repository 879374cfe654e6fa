using MySqlConnector;

namespace Slipway.Testing;

/// <summary>
/// The throwaway MariaDB server started by scripts/test.sh (env SLIPWAY_TEST_MYSQL). Every test gets its
/// own database. Without the variable every test fails: the suite never skips the MySQL provider.
/// </summary>
public static class MariaDbServer
{
    /// <summary>The URL of the test user (contains the password: never print it).</summary>
    public static string Url => Environment.GetEnvironmentVariable("SLIPWAY_TEST_MYSQL") is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException("SLIPWAY_TEST_MYSQL is not set: run the suite with scripts/test.sh, which starts a throwaway MariaDB server.");

    /// <summary>The password, for redaction checks.</summary>
    public static string Password => Uri.UnescapeDataString(new Uri(Url).UserInfo.Split(':', 2)[1]);

    /// <summary>Creates a fresh, empty database; dispose to drop it.</summary>
    public static async Task<MariaDbDatabase> CreateDatabaseAsync(string prefix = "t")
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new MySqlConnection(ConnectionString(null)))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new UriBuilder(Url) { Path = "/" + name };
        return new MariaDbDatabase(name, builder.Uri.ToString(), ConnectionString(name));
    }

    /// <summary>A MySqlConnector connection string for <paramref name="database"/> as the test user, unpooled.</summary>
    public static string ConnectionString(string? database)
    {
        var uri = new Uri(Url);
        var user = uri.UserInfo.Split(':', 2);
        return new MySqlConnectionStringBuilder
        {
            Server = uri.Host,
            Port = (uint)uri.Port,
            UserID = Uri.UnescapeDataString(user[0]),
            Password = Uri.UnescapeDataString(user[1]),
            Database = database ?? string.Empty,
            Pooling = false,
            AllowUserVariables = true,
        }.ConnectionString;
    }
}
