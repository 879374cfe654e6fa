using MySqlConnector;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>The shared provider suite against a real MariaDB server, one database per test.</summary>
public sealed class MySqlConformanceTests : ProviderConformanceTests, IAsyncLifetime
{
    private readonly List<MariaDbDatabase> _databases = [];
    private readonly Dictionary<IMigrationProvider, MariaDbDatabase> _byProvider = [];

    protected override bool TransactionalDdl => false;

    protected override bool RunsCodeMigrations => false;

    protected override async Task<IMigrationProvider> CreateProviderAsync()
    {
        var database = await MariaDbServer.CreateDatabaseAsync("conf");
        _databases.Add(database);
        var provider = new MySqlProvider(MySqlConnectionUrl.Parse(database.Url));
        _byProvider[provider] = database;
        return provider;
    }

    protected override async Task<long> CountAsync(IMigrationProvider provider, string sql) =>
        await _byProvider[provider].ScalarAsync($"SELECT count(*) FROM ({sql}) AS q");

    protected override Task<bool> TableExistsAsync(IMigrationProvider provider, string table) =>
        _byProvider[provider].TableExistsAsync(table);

    // The server ends the holder's session (an administrator's KILL, a failover), which releases GET_LOCK.
    protected override async Task<bool> TakeLockAwayAsync(IMigrationProvider provider)
    {
        var database = _byProvider[provider];
        foreach (var id in await database.ColumnAsync($"SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '{database.Name}' AND ID <> CONNECTION_ID()"))
        {
            await database.ExecuteAsync("KILL CONNECTION " + id);
        }

        return true;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
