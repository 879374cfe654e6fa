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

    // SQLite's lock lives in each change's BEGIN IMMEDIATE: the holder is a writer with an open
    // transaction, and the one who waits is a change, bounded by the provider's busy timeout.
    protected override async Task<(IAsyncDisposable Release, IAsyncDisposable Die)> HoldLockAsync(IMigrationProvider provider)
    {
        var connection = new SqliteConnection($"Data Source={_files[provider]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        await command.ExecuteNonQueryAsync();
        return (new Rollback(connection), connection);
    }

    protected override async Task WaitForLockAsync(IMigrationProvider provider, TimeSpan wait)
    {
        var waiting = new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + _files[provider])) { BusyTimeout = wait };
        await using var session = await waiting.OpenAsync();
        await session.ApplyAsync(new Slipway.Execution.ChangeSet { Sql = "CREATE TABLE waited (id integer)" });
        await session.ApplyAsync(new Slipway.Execution.ChangeSet { Sql = "DROP TABLE waited" });
    }

    private async Task<object?> ScalarAsync(IMigrationProvider provider, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_files[provider]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => _dir.Dispose();

    private sealed class Rollback(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "ROLLBACK";
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
