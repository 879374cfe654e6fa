using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>
/// The sample app on each database server it supports, PostgreSQL and MariaDB: the DATABASE_URL's scheme picks the
/// migrations folder and the data access; migrated by the real slipway binary, served by the real app process.
/// </summary>
public sealed class ServerAppTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("postgres", "5")]
    [InlineData("mysql", "6")]
    public async Task Readiness_is_unhealthy_before_migrate_and_healthy_after_and_the_api_and_pages_work_as_the_app_role(string dialect, string version)
    {
        await using var database = await SampleDatabase.CreateAsync(dialect);
        await using (var unmigrated = new SampleApp(database.Url))
        {
            using var client = unmigrated.CreateClient();
            var before = await client.GetAsync("/healthz/ready");
            var body = await before.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            Assert.Contains("V1__create_notes.sql", body, StringComparison.Ordinal);
            Assert.Contains("V4__index_notes_created_at.sql", body, StringComparison.Ordinal);
            Assert.Contains($"V{version}__", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        }

        // The schema owner migrates with the real binary; the app itself only ever connects as the DML-only role.
        var migrate = await SlipwayProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = database.Url },
            ["migrate", "--migrations", database.Migrations]);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await using var role = await AppRole.CreateAsync(database);
        await using var app = await RunningApp.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = role.Url,
            ["StatusKey"] = SampleApp.StatusKey,
        });
        using var appClient = new HttpClient { BaseAddress = app.Address };

        var after = await appClient.GetAsync("healthz/ready");
        Assert.True(after.StatusCode == HttpStatusCode.OK, await after.Content.ReadAsStringAsync() + app.Output);
        Assert.Contains($"Schema at version {version}; this app needs {version}", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await appClient.PostAsJsonAsync("api/notes", new { title = "Rotate keys", body = "quarterly", pinned = true });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + app.Output);
        var note = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = note.GetProperty("id").GetInt64();
        Assert.True(note.GetProperty("pinned").GetBoolean());
        Assert.True(DateTimeOffset.UtcNow - note.GetProperty("createdAt").GetDateTimeOffset() < TimeSpan.FromMinutes(5), "created_at is not the UTC time of the insert");

        var updated = await appClient.PutAsJsonAsync($"api/notes/{id}", new { title = "Rotate all keys", body = "every quarter", pinned = true });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var changed = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Rotate all keys", changed.GetProperty("title").GetString());
        Assert.True(changed.GetProperty("updatedAt").GetDateTimeOffset() >= changed.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await appClient.PutAsJsonAsync($"api/notes/{id + 1000}", new { title = "nobody" })).StatusCode);

        var list = await appClient.GetFromJsonAsync<JsonElement>("api/notes");
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal("Rotate all keys", listed.GetProperty("title").GetString());
        Assert.Equal("every quarter", listed.GetProperty("body").GetString());
        Assert.True(listed.GetProperty("pinned").GetBoolean());
        var page = await appClient.GetStringAsync("");
        Assert.Contains("Rotate all keys", page, StringComparison.Ordinal);
        Assert.Contains("every quarter", page, StringComparison.Ordinal);
        Assert.Contains("Rotate all keys", await appClient.GetStringAsync($"notes/{id}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await appClient.DeleteAsync($"api/notes/{id}")).StatusCode);
        Assert.Empty((await appClient.GetFromJsonAsync<JsonElement>("api/notes")).EnumerateArray());
        Assert.Equal(database.Owner, await database.ScalarAsync("SELECT applied_by FROM slipway_history WHERE version = '1'"));
        Assert.DoesNotContain(role.Password, app.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task The_app_role_can_read_and_write_notes_but_any_ddl_is_denied(string dialect)
    {
        await using var database = await SampleDatabase.CreateAsync(dialect);
        await SampleApp.MigrateAsync(database.Url, database.Migrations);
        await using var role = await AppRole.CreateAsync(database);
        await using var connection = await role.OpenAsync();

        await Execute(connection, "INSERT INTO notes (title, body) VALUES ('dml works', '')");
        await Execute(connection, "UPDATE notes SET pinned = true WHERE title = 'dml works'");
        await Execute(connection, "SELECT count(*) FROM notes_overview");
        await Execute(connection, "SELECT count(*) FROM slipway_history");

        string[] ddl =
        [
            "CREATE TABLE intruder (id int)",
            "ALTER TABLE notes ADD COLUMN intruder text",
            "DROP TABLE notes",
            "CREATE INDEX ix_intruder ON notes (title)",
            "TRUNCATE notes",
            "CREATE OR REPLACE VIEW notes_overview AS SELECT 1 AS id",
            "DELETE FROM slipway_history",
            "UPDATE slipway_history SET success = false",
        ];
        foreach (var statement in ddl)
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => Execute(connection, statement));
            Assert.True(SampleDatabase.IsPermissionDenied(error), $"{statement}: {database.Describe(error)}");
        }

        // PostgreSQL grants by default privileges, so a table added by a later migration is usable without a
        // new GRANT; MySQL has none, so each migration that creates a table grants it (docs in V2).
        await database.ExecuteAsync("CREATE TABLE later (id int)");
        if (database.IsMySql)
        {
            Assert.True(SampleDatabase.IsPermissionDenied(await Assert.ThrowsAnyAsync<DbException>(() => Execute(connection, "INSERT INTO later VALUES (1)"))));
        }
        else
        {
            await Execute(connection, "INSERT INTO later VALUES (1)");
        }
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
