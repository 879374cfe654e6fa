using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Slipway.Testing;
using TempDirectory = Slipway.Testing.TempDirectory;

// GetArgumentValuesAsync / GetEnvironmentVariableValuesAsync are marked obsolete in favour of the
// orchestrator's ExecutionConfigurationBuilder; they still evaluate a resource's arguments and variables
// the same way, which is all these tests need without the orchestrator.
#pragma warning disable CS0618

namespace Slipway.Aspire.Hosting.Tests;

/// <summary>
/// The resource model, without Aspire's orchestrator (it does not run on every machine): what the
/// resource would start, started here with the real slipway binary, and how the app waits for it.
/// </summary>
public sealed class MigrationResourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_migration_resource_runs_slipway_migrate_on_the_folder_with_the_databases_connection_string()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("aspire");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        builder.Configuration["ConnectionStrings:db"] = database.ConnectionString;
        var db = builder.AddConnectionString("db");
        _dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id int PRIMARY KEY);\n");
        var migrate = builder.AddSlipwayMigrations("migrate", _dir["migrations"]).WithDatabase(db);

        var resource = migrate.Resource;
        var args = await resource.GetArgumentValuesAsync();
        var environment = await resource.GetEnvironmentVariableValuesAsync();

        Assert.Equal("slipway", resource.Command);
        Assert.Equal(["migrate", "--migrations", _dir["migrations"], "--log-format", "json"], args);
        Assert.Equal(database.ConnectionString, environment["DATABASE_URL"]);
        Assert.Contains(resource.Annotations.OfType<WaitAnnotation>(), w => w.Resource == db.Resource && w.WaitType == WaitType.WaitUntilHealthy);

        // What the orchestrator would start, started as it would: the real binary, these arguments and variables.
        var run = await SlipwayProcess.RunAsync(_dir.Path, environment.ToDictionary(e => e.Key, e => (string?)e.Value), [.. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
    }

    [Fact]
    public async Task An_app_waits_for_the_migration_to_complete()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var migrate = builder.AddSlipwayMigrations("migrate", "migrations").WithDatabaseUrl("sqlite:app.db");
        var web = builder.AddExecutable("web", "dotnet", ".").WaitForCompletion(migrate);

        var wait = Assert.Single(web.Resource.Annotations.OfType<WaitAnnotation>());
        Assert.Same(migrate.Resource, wait.Resource);
        Assert.Equal(WaitType.WaitForCompletion, wait.WaitType);
        Assert.Equal(0, wait.ExitCode);
        Assert.Equal(Path.GetFullPath("migrations", builder.AppHostDirectory), (await migrate.Resource.GetArgumentValuesAsync())[2]);
        Assert.Equal("sqlite:app.db", (await migrate.Resource.GetEnvironmentVariableValuesAsync())["DATABASE_URL"]);
    }

    public void Dispose() => _dir.Dispose();
}
