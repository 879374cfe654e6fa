using System.Globalization;
using EfCoreSample;
using Microsoft.Data.Sqlite;
using Npgsql;
using Slipway.Postgres;
using Slipway.Providers;
using Slipway.Sqlite;
using Slipway.Testing;

namespace Slipway.EntityFrameworkCore.Tests;

/// <summary>A real, empty database of one kind for one test: a temp SQLite file or a fresh PostgreSQL database.</summary>
internal sealed class EfTarget : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;

    private EfTarget(string kind, TempDirectory folder, string url, TestDatabase? postgres)
    {
        Kind = kind;
        Folder = folder;
        Url = url;
        _postgres = postgres;
    }

    public string Kind { get; }

    /// <summary>A folder for the test's files (exports).</summary>
    public TempDirectory Folder { get; }

    /// <summary>The DATABASE_URL of the sample (and of slipway): <c>sqlite:path</c> or an Npgsql connection string.</summary>
    public string Url { get; }

    public static async Task<EfTarget> CreateAsync(string kind)
    {
        var folder = new TempDirectory();
        if (kind == "sqlite")
        {
            return new EfTarget(kind, folder, "sqlite:" + folder["blog.db"], null);
        }

        var database = await PostgresServer.CreateDatabaseAsync("ef");
        return new EfTarget(kind, folder, database.ConnectionString, database);
    }

    public BlogContext Context() => BlogDatabase.Create(Url);

    public IMigrationProvider Provider() =>
        (Kind == "sqlite" ? (IProviderFactory)new SqliteProviderFactory() : new PostgresProviderFactory()).Create(new ProviderSettings { Url = Url });

    public async Task<List<string>> ColumnAsync(string sql)
    {
        if (_postgres is not null)
        {
            return await _postgres.ColumnAsync(sql);
        }

        await using var connection = new SqliteConnection("Data Source=" + Folder["blog.db"] + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>The columns of a table, in order.</summary>
    public Task<List<string>> ColumnsOfAsync(string table) => ColumnAsync(Kind == "sqlite"
        ? $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        : $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position");

    public Task<List<string>> SlipwayHistoryAsync() =>
        ColumnAsync("SELECT version || ':' || kind FROM slipway_history ORDER BY id");

    public Task<ProcessResult> SlipwayAsync(string migrations, params string[] args) =>
        SlipwayProcess.RunAsync(Folder.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = Url }, [.. args, "--migrations", migrations]);

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Folder.Dispose();
    }
}
