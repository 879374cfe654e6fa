using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Slipway.Testing;

namespace SampleWebApp.Tests;

public sealed class PostgresAppTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_before_migrate_and_healthy_after_and_the_api_works_as_the_app_role()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("webapp");
        await using (var unmigrated = new SampleApp(database.Url))
        {
            using var client = unmigrated.CreateClient();
            var before = await client.GetAsync("/healthz/ready");
            var body = await before.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            Assert.Contains("V1__create_notes.sql", body, StringComparison.Ordinal);
            Assert.Contains("V4__index_notes_created_at.sql", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        }

        // The schema owner migrates; the app itself only ever connects as the DML-only role.
        await SampleApp.MigrateAsync(database.Url, SampleApp.MigrationsOf("postgres"));
        await using var role = await AppRole.CreateAsync(database);
        await using var app = new SampleApp(role.Url);
        using var appClient = app.CreateClient();

        var after = await appClient.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("Schema at version 5; this app needs 5", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await appClient.PostAsJsonAsync("/api/notes", new { title = "Rotate keys", body = "quarterly", pinned = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var list = await appClient.GetFromJsonAsync<JsonElement>("/api/notes");
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal("Rotate keys", listed.GetProperty("title").GetString());
        Assert.True(listed.GetProperty("pinned").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await appClient.DeleteAsync($"/api/notes/{id}")).StatusCode);
        Assert.Equal("postgres", await database.ScalarAsync<string>("SELECT applied_by FROM slipway_history WHERE version = '1'"));
    }

    [Fact]
    public async Task The_app_role_can_read_and_write_notes_but_any_ddl_is_denied()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("webapp");
        await SampleApp.MigrateAsync(database.Url, SampleApp.MigrationsOf("postgres"));
        await using var role = await AppRole.CreateAsync(database);
        await using var connection = new NpgsqlConnection(role.ConnectionString);
        await connection.OpenAsync();

        await Execute(connection, "INSERT INTO notes (title) VALUES ('dml works')");
        await Execute(connection, "SELECT count(*) FROM notes_overview");

        string[] ddl =
        [
            "CREATE TABLE intruder (id int)",
            "ALTER TABLE notes ADD COLUMN intruder text",
            "DROP TABLE notes",
            "CREATE INDEX ix_intruder ON notes (title)",
            "TRUNCATE notes",
            "CREATE OR REPLACE VIEW notes_overview AS SELECT 1 AS id",
            "DELETE FROM slipway_history",
        ];
        var createTable = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, ddl[0]));
        Assert.Equal("permission denied for schema public", createTable.MessageText);
        foreach (var statement in ddl)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, statement));
            Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{statement}: {error.SqlState} {error.MessageText}");
            Assert.Matches("permission denied|must be owner", error.MessageText);
        }

        // The grant is by membership: a table added by a later migration is usable without a new GRANT.
        await database.ExecuteAsync("CREATE TABLE later (id int)");
        await Execute(connection, "INSERT INTO later VALUES (1)");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
