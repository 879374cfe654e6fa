using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Planning;
using Slipway.Testing;

namespace SampleWebApp.Tests;

public sealed class SqliteAppTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Url => "sqlite:" + _dir["notes.db"];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readiness_is_unhealthy_and_lists_missing_migrations_before_migrate_and_healthy_after()
    {
        await using var app = new SampleApp(Url);
        using var client = app.CreateClient();

        var before = await client.GetAsync("/healthz/ready");
        var body = await before.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("V1__create_notes.sql", body, StringComparison.Ordinal);
        Assert.Contains("R__notes_overview.sql", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);

        await SampleApp.MigrateAsync(Url, SampleApp.MigrationsOf("sqlite"));

        var after = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("Schema at version 4; this app needs 4", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_waits_for_pre_deploy_steps_but_not_for_post_deploy_contract_steps()
    {
        _dir.Write("m/V1__one.sql", "CREATE TABLE one (id INTEGER);");
        _dir.Write("m/V2__contract.sql", "-- slipway: phase=post-deploy\nCREATE TABLE two (id INTEGER);");
        await using var app = new SampleApp(Url, settings: new Dictionary<string, string> { ["Slipway:MigrationsPath"] = _dir["m"] });
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);

        await SampleApp.MigrateAsync(Url, _dir["m"], new PlanRequest { Phase = Slipway.Discovery.MigrationPhase.PreDeploy });

        var ready = await client.GetAsync("/healthz/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("post-deploy pending: V2__contract.sql", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_creates_lists_updates_and_deletes_notes()
    {
        await SampleApp.MigrateAsync(Url, SampleApp.MigrationsOf("sqlite"));
        await using var app = new SampleApp(Url);
        using var client = app.CreateClient();

        var created = await client.PostAsJsonAsync("/api/notes", new { title = "Ship it", body = "on Friday", pinned = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var note = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = note.GetProperty("id").GetInt64();
        Assert.Equal($"/api/notes/{id}", created.Headers.Location?.OriginalString);

        var invalid = await client.PostAsJsonAsync("/api/notes", new { title = " " });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("A title is required.", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var updated = await client.PutAsJsonAsync($"/api/notes/{id}", new { title = "Ship it", body = "on Monday" });
        Assert.Equal("on Monday", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("body").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/notes");
        Assert.Equal("Ship it", Assert.Single(list.EnumerateArray()).GetProperty("title").GetString());
        Assert.Contains("Ship it", await client.GetStringAsync("/"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/notes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/notes/{id}")).StatusCode);
    }

    [Fact]
    public async Task Status_endpoint_needs_the_operators_key_and_shows_applied_and_pending_migrations()
    {
        await SampleApp.MigrateAsync(Url, SampleApp.MigrationsOf("sqlite"), new PlanRequest { Target = Slipway.Discovery.MigrationVersion.Parse("2") });
        await using var app = new SampleApp(Url);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/slipway")).StatusCode);

        client.DefaultRequestHeaders.Add("X-Status-Key", SampleApp.StatusKey);
        using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, "/slipway");
        jsonRequest.Headers.Accept.ParseAdd("application/json");
        var json = await (await client.SendAsync(jsonRequest)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.GetProperty("ready").GetBoolean());
        Assert.Equal("2", json.GetProperty("currentVersion").GetString());
        Assert.Equal("4", json.GetProperty("expectedVersion").GetString());
        var states = json.GetProperty("migrations").EnumerateArray().ToDictionary(m => m.GetProperty("script").GetString()!, m => m.GetProperty("state").GetString());
        Assert.Equal("applied", states["V2__add_pinned_and_updated_at.sql"]);
        Assert.Equal("pending", states["V3__index_notes_created_at.sql"]);
        var applied = json.GetProperty("migrations")[0];
        Assert.True(applied.TryGetProperty("appliedAt", out _));
        Assert.True(applied.TryGetProperty("executionMs", out _));

        var html = await client.GetStringAsync("/slipway");
        Assert.Contains("<tr class=\"state-pending\" data-script=\"V3__index_notes_created_at.sql\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"state-applied\" data-script=\"V1__create_notes.sql\">", html, StringComparison.Ordinal);
        Assert.Contains("Not ready", html, StringComparison.Ordinal);
    }
}
