using Npgsql;

namespace Slipway.Testing;

/// <summary>A PostgreSQL database that exists for one test; dropped (forcefully) on dispose.</summary>
public sealed class TestDatabase(string name, string url, string connectionString) : IAsyncDisposable
{
    /// <summary>The database name.</summary>
    public string Name { get; } = name;

    /// <summary>A <c>postgresql://</c> URL for it, with the admin credentials.</summary>
    public string Url { get; } = url;

    /// <summary>An Npgsql connection string for it.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Runs a query and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs SQL.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads every row of a query's first column as text.</summary>
    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>
    /// <c>pg_dump --schema-only</c> of this database, with the per-run <c>\restrict</c> lines removed so two
    /// dumps of equal schemas compare equal. The password goes through the environment, never the arguments.
    /// </summary>
    public async Task<string> DumpSchemaAsync()
    {
        var uri = new Uri(PostgresServer.AdminUrl);
        var user = uri.UserInfo.Split(':', 2);
        var info = new System.Diagnostics.ProcessStartInfo(System.IO.Path.Combine(PostgresServer.BinDirectory, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--schema-only", "--no-owner", "--no-privileges", "-h", uri.Host, "-p", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Uri.UnescapeDataString(user[0]), Name })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGPASSWORD"] = Uri.UnescapeDataString(user[1]);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("pg_dump failed: " + await stderr);
        }

        return string.Join('\n', (await stdout).Split('\n').Where(l => !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
