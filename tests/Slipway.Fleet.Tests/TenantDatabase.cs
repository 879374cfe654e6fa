using System.Globalization;
using Npgsql;
using Slipway.Testing;

namespace Slipway.Fleet.Tests;

/// <summary>A PostgreSQL database of tenant schemas for one test, with its targets file and migrations folder.</summary>
public sealed class TenantDatabase : IAsyncDisposable
{
    private TenantDatabase(TestDatabase database, TempDirectory directory, IReadOnlyList<string> tenants)
    {
        Database = database;
        Directory = directory;
        Tenants = tenants;
    }

    public TestDatabase Database { get; }

    public TempDirectory Directory { get; }

    /// <summary>The tenants' schema names, in target order.</summary>
    public IReadOnlyList<string> Tenants { get; }

    public string TargetsFile => Directory["targets.txt"];

    public Dictionary<string, string?> Environment => new() { ["DATABASE_URL"] = Database.Url };

    /// <summary>A database with <paramref name="count"/> tenants listed as <c>schema:NAME</c> and <paramref name="migrations"/> in ./migrations.</summary>
    internal static async Task<TenantDatabase> CreateAsync(int count, IEnumerable<(string Name, string Sql)> migrations, string prefix = "fleet")
    {
        var database = await PostgresServer.CreateDatabaseAsync(prefix);
        var directory = new TempDirectory();
        var tenants = Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"tenant_{i:0000}")).ToList();
        directory.Write("targets.txt", "# one tenant schema a line\n" + string.Concat(tenants.Select(t => "schema:" + t + "\n")));
        foreach (var (name, sql) in migrations)
        {
            directory.Write("migrations/" + name, sql);
        }

        return new TenantDatabase(database, directory, tenants);
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(Environment, args);

    public Task<ProcessResult> RunAsync(Dictionary<string, string?> environment, params string[] args) =>
        SlipwayProcess.RunAsync(Directory.Path, environment, args, TimeSpan.FromMinutes(3));

    /// <summary>The number of successful history rows of each tenant's schema; 0 for a tenant without a history table.</summary>
    public async Task<Dictionary<string, int>> HistoryCountsAsync()
    {
        var rows = await Database.ColumnAsync("""
            SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
            WHERE c.relname = 'slipway_history' AND n.nspname LIKE 'tenant\_%' ORDER BY 1
            """);
        var counts = Tenants.ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
        foreach (var chunk in rows.Chunk(400))
        {
            var sql = string.Join(" UNION ALL ", chunk.Select(s => $"SELECT '{s}' || ':' || count(*) FROM \"{s}\".slipway_history WHERE success AND kind = 'versioned'"));
            foreach (var line in await Database.ColumnAsync(sql))
            {
                var parts = line.Split(':');
                counts[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    /// <summary>The number of history rows per (tenant, version): more than 1 would be a migration applied twice.</summary>
    public async Task<int> MaxRowsPerVersionAsync()
    {
        var rows = await Database.ColumnAsync("""
            SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
            WHERE c.relname = 'slipway_history' AND n.nspname LIKE 'tenant\_%'
            """);
        var max = 0;
        foreach (var chunk in rows.Chunk(400))
        {
            var sql = "SELECT coalesce(max(n), 0) FROM (" + string.Join(" UNION ALL ", chunk.Select(s => $"SELECT count(*) AS n FROM \"{s}\".slipway_history WHERE success AND kind = 'versioned' GROUP BY version")) + ") x";
            max = Math.Max(max, int.Parse((await Database.ColumnAsync(sql))[0], CultureInfo.InvariantCulture));
        }

        return max;
    }

    public async ValueTask DisposeAsync()
    {
        // A thousand schemas take longer to drop than a command's default 30 s on a busy machine.
        await using (var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database.Name}\" WITH (FORCE)", connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }

        await Database.DisposeAsync();
        Directory.Dispose();
    }
}
