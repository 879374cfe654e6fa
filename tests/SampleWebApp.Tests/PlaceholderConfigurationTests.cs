using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>Placeholders in ASP.NET Core: the <c>Slipway:Placeholders</c> section, then code.</summary>
public sealed class PlaceholderConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Values_come_from_the_Slipway_Placeholders_section_and_code_overrides_them()
    {
        _dir.Write("m/V1__tenant.sql", "CREATE TABLE items_${tenant} (id INTEGER, region TEXT);\nINSERT INTO items_${tenant} VALUES (1, '${region}');");
        var file = _dir["p.db"];

        await using var app = await StartAsync(
            new() { ["Slipway:Placeholders:tenant"] = "from_config", ["Slipway:Placeholders:region"] = "eu" },
            o => o.AddMigrationsFolder(_dir["m"]).UseSqlite(file).Placeholders["TENANT"] = "from_code");

        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT region FROM items_from_code";
        Assert.Equal("eu", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_malformed_placeholder_name_stops_the_host_naming_the_section()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(
            new() { ["Slipway:Placeholders:tenant-id"] = "x" },
            o => o.AddMigrationsFolder(_dir.Path).UseSqlite(_dir["bad.db"])));

        Assert.Contains("Slipway:Placeholders: placeholder name 'tenant-id' is not valid", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, Action<Slipway.AspNetCore.SlipwayOptions> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Slipway:MigrateOnStartup"] = "true";
        builder.Services.AddSlipway(configure);
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
