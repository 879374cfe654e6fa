using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>Slipway.AspNetCore in a bare host: the guard rails a service author relies on.</summary>
public sealed class IntegrationSetupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_status_endpoint_mapped_without_any_policy_refuses_requests()
    {
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id INTEGER);");
        await using var app = await StartAsync(o => o.AddMigrationsFolder(_dir["m"]), "sqlite:" + _dir["a.db"], open: false);
        using var client = app.GetTestClient();

        var response = await client.GetAsync("/slipway");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(".RequireAuthorization", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicitly_anonymous_status_endpoint_serves_json_without_the_password()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("webapp");
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id int);");
        await using var app = await StartAsync(o => o.AddMigrationsFolder(_dir["m"]), database.Url, open: true);
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var body = await client.GetStringAsync("/slipway");

        Assert.Contains("\"missing\": [\n    \"V1__one.sql\"", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_database_url_stops_the_host_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.AddMigrationsFolder(_dir.Path), databaseUrl: null, open: true));

        Assert.Contains("DATABASE_URL is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqlite_chooses_sqlite_in_code_whatever_DATABASE_URL_says()
    {
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id INTEGER);");
        await using var app = await StartAsync(o => o.AddMigrationsFolder(_dir["m"]).UseSqlite(_dir["chosen.db"]), "mysql://u:pw@h/db", open: true);
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var body = await client.GetStringAsync("/slipway");

        Assert.Contains("\"missing\": [\n    \"V1__one.sql\"", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("chosen.db", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePostgres_accepts_an_npgsql_connection_string()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("webapp");
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id int);");
        await using var app = await StartAsync(o => o.AddMigrationsFolder(_dir["m"]).UsePostgres(database.ConnectionString), databaseUrl: null, open: true);
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var body = await client.GetStringAsync("/slipway");

        Assert.Contains("\"missing\": [\n    \"V1__one.sql\"", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(database.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oracle://u:Sup3rS3cret@h/db", "DATABASE_URL (or Slipway:DatabaseUrl) has an unsupported scheme 'oracle'; expected postgresql://")]
    [InlineData("db.example.com/shop", "DATABASE_URL (or Slipway:DatabaseUrl) has no scheme; expected postgresql://")]
    public async Task An_unknown_url_form_stops_the_host_naming_the_setting_and_the_accepted_forms(string url, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.AddMigrationsFolder(_dir.Path), url, open: true));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite:path/to/file.db", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rS3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePostgres_with_a_value_of_another_form_stops_the_host()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => o.AddMigrationsFolder(_dir.Path).UsePostgres("sqlite:app.db"), databaseUrl: null, open: true));

        Assert.Contains("UsePostgres(...) was given a value that is not of its form; expected postgresql://", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(Action<Slipway.AspNetCore.SlipwayOptions> configure, string? databaseUrl, bool open)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["DATABASE_URL"] = databaseUrl;
        builder.Services.AddSlipway(configure);
        var app = builder.Build();
        var status = app.MapSlipwayStatus();
        if (open)
        {
            status.AllowAnonymous();
        }

        await app.StartAsync();
        return app;
    }
}
