using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>A real database for one process-level test: a PostgreSQL database of its own, or an SQLite file.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;
    private readonly string? _sqliteFile;

    private Backend(TestDatabase? postgres, string? sqliteFile)
    {
        _postgres = postgres;
        _sqliteFile = sqliteFile;
    }

    public string Url => _postgres?.Url ?? "sqlite:" + _sqliteFile;

    public bool IsPostgres => _postgres is not null;

    public TestDatabase Postgres => _postgres ?? throw new InvalidOperationException("not PostgreSQL");

    public static async Task<Backend> CreateAsync(string kind, TempDirectory dir) => kind switch
    {
        "postgres" => new Backend(await PostgresServer.CreateDatabaseAsync("life"), null),
        "sqlite" => new Backend(null, dir["app.db"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every row of a query's first column as text.</summary>
    public async Task<List<string>> ColumnAsync(string sql)
    {
        if (_postgres is not null)
        {
            return await _postgres.ColumnAsync(sql);
        }

        await using var connection = new SqliteConnection($"Data Source={_sqliteFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>Runs SQL on the database (to set up a legacy schema or break history on purpose).</summary>
    public async Task ExecuteAsync(string sql)
    {
        if (_postgres is not null)
        {
            await _postgres.ExecuteAsync(sql);
            return;
        }

        await using var connection = new SqliteConnection($"Data Source={_sqliteFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>True when a table (or view) of that name exists.</summary>
    public async Task<bool> TableExistsAsync(string name) =>
        (await ColumnAsync(_postgres is not null
            ? $"SELECT count(*) FROM pg_class WHERE relname = '{name}' AND relkind IN ('r', 'v')"
            : $"SELECT count(*) FROM sqlite_master WHERE name = '{name}' AND type IN ('table', 'view')"))[0] == "1";

    /// <summary>The user tables, sorted (history table excluded).</summary>
    public Task<List<string>> TablesAsync() => ColumnAsync(_postgres is not null
        ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'slipway_history' ORDER BY 1"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'slipway_history' ORDER BY 1");

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }
    }
}
