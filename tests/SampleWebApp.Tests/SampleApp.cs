using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Slipway;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.MySql;
using Slipway.Planning;
using Slipway.Postgres;
using Slipway.Sqlite;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>The sample app in memory (WebApplicationFactory) against a real database, with settings a test chooses.</summary>
public sealed class SampleApp(string databaseUrl, string environment = "Testing", IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string StatusKey = "test-status-key";

    public static string MigrationsOf(string dialect) => Repository.PathOf($"samples/SampleWebApp/migrations/{dialect}");

    /// <summary>Migrates like the CLI does, from the repository's migrations folder.</summary>
    public static Task<MigrateReport> MigrateAsync(string databaseUrl, string folder, PlanRequest? request = null)
    {
        IMigrationProvider provider = SqliteConnectionUrl.IsSqlite(databaseUrl) ? new SqliteProvider(SqliteConnectionUrl.Parse(databaseUrl))
            : MySqlConnectionUrl.IsMySql(databaseUrl) ? new MySqlProvider(MySqlConnectionUrl.Parse(databaseUrl))
            : new PostgresProvider(PostgresConnectionUrl.Parse(databaseUrl));
        return new Migrator(provider, [new FolderMigrationSource(folder)]).MigrateAsync(request);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("DATABASE_URL", databaseUrl);
        builder.UseSetting("StatusKey", StatusKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
