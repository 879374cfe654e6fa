using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>The shared provider suite against real SQLite files, one file per test.</summary>
public sealed class SqliteConformanceTests : ProviderConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<IMigrationProvider, string> _files = [];

    protected override Task<IMigrationProvider> CreateProviderAsync()
    {
        var file = _dir[Guid.NewGuid().ToString("N") + ".db"];
        var provider = new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + file));
        _files[provider] = file;
        return Task.FromResult<IMigrationProvider>(provider);
    }

    protected override async Task<long> CountAsync(IMigrationProvider provider, string sql) =>
        (long)(await ScalarAsync(provider, $"SELECT count(*) FROM ({sql})"))!;

    protected override async Task<bool> TableExistsAsync(IMigrationProvider provider, string table) =>
        (long)(await ScalarAsync(provider, $"SELECT count(*) FROM sqlite_master WHERE name = '{table}'"))! == 1;

    private async Task<object?> ScalarAsync(IMigrationProvider provider, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_files[provider]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => _dir.Dispose();
}
