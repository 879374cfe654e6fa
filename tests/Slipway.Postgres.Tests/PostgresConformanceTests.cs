using Npgsql;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>The shared provider suite against a real PostgreSQL server, one database per test.</summary>
public class PostgresConformanceTests : ProviderConformanceTests, IAsyncLifetime
{
    private readonly List<TestDatabase> _databases = [];
    private readonly Dictionary<IMigrationProvider, TestDatabase> _byProvider = [];

    protected override async Task<IMigrationProvider> CreateProviderAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync("conf");
        _databases.Add(database);
        var provider = new PostgresProvider(Configure(PostgresConnectionUrl.Parse(database.Url)));
        _byProvider[provider] = database;
        return provider;
    }

    /// <summary>Lets a derived suite run the same contract with other provider settings.</summary>
    protected virtual PostgresOptions Configure(PostgresOptions options) => options;

    protected override async Task<long> CountAsync(IMigrationProvider provider, string sql) =>
        await _byProvider[provider].ScalarAsync<long>($"SELECT count(*) FROM ({sql}) AS q");

    protected override async Task<bool> TableExistsAsync(IMigrationProvider provider, string table) =>
        await _byProvider[provider].ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
