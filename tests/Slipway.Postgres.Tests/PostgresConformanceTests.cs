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

    // Lease: another runner takes over the lease as if it had expired. Advisory: the server ends the
    // holder's session (an administrator's pg_terminate_backend, a failover), which releases the lock.
    protected override async Task<bool> TakeLockAwayAsync(IMigrationProvider provider)
    {
        var database = _byProvider[provider];
        await database.ExecuteAsync(Configure(PostgresConnectionUrl.Parse(database.Url)).LockMode == PostgresLockMode.Lease
            ? "UPDATE slipway_history_lock SET owner = 'another-runner', expires_at = clock_timestamp() + interval '1 hour'"
            : "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        return true;
    }

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
