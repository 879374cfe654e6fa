using System.Globalization;
using MySqlConnector;

namespace Slipway.MySql.Tests;

/// <summary>A MariaDB database that exists for one test; dropped on dispose.</summary>
internal sealed class MariaDbDatabase(string name, string url, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>A <c>mysql://</c> URL for it with the test user's credentials.</summary>
    public string Url { get; } = url;

    public string ConnectionString { get; } = connectionString;

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

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

    public async Task<bool> TableExistsAsync(string table) =>
        await ScalarAsync($"SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Name}' AND TABLE_NAME = '{table}'") == 1;

    public async ValueTask DisposeAsync()
    {
        await using var connection = new MySqlConnection(MariaDbServer.ConnectionString(null));
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await command.ExecuteNonQueryAsync();
    }
}
