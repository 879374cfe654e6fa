using System.Globalization;
using MySqlConnector;

namespace Slipway.Testing;

/// <summary>A MariaDB database that exists for one test; dropped on dispose.</summary>
public sealed class MariaDbDatabase(string name, string url, string connectionString) : IAsyncDisposable
{
    /// <summary>The database name.</summary>
    public string Name { get; } = name;

    /// <summary>A <c>mysql://</c> URL for it with the test user's credentials.</summary>
    public string Url { get; } = url;

    /// <summary>A MySqlConnector connection string for it (unpooled).</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Runs a query and returns the first column of the first row as a number (0 for NULL).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs SQL (several statements allowed).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads every row of a query's first column as text.</summary>
    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>Whether the table exists in this database.</summary>
    public async Task<bool> TableExistsAsync(string table) =>
        await ScalarAsync($"SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Name}' AND TABLE_NAME = '{table}'") == 1;

    /// <summary>Drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await using var connection = new MySqlConnection(MariaDbServer.ConnectionString(null));
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await command.ExecuteNonQueryAsync();
    }
}
