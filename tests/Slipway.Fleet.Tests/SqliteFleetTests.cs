using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Fleet.Tests;

/// <summary>A fleet of SQLite files, one per tenant, found by <c>--targets-glob</c>.</summary>
public sealed class SqliteFleetTests
{
    private const int Files = 200;

    [Fact]
    public async Task Two_hundred_sqlite_tenant_files_found_by_a_glob_are_migrated_and_a_rerun_changes_nothing()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n");
        dir.Write("migrations/V2__tags.sql", "ALTER TABLE notes ADD COLUMN tag TEXT;\nCREATE INDEX notes_tag ON notes (tag);\n");
        dir.Write("migrations/V3__seed.sql", "INSERT INTO notes (body, tag) VALUES ('welcome', 'hello');\n");
        for (var i = 1; i <= Files; i++)
        {
            dir.Write(string.Create(CultureInfo.InvariantCulture, $"tenants/acme{i:000}.db"), string.Empty);
        }

        dir.Write("tenants/readme.txt", "not a tenant");

        var first = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?>(), ["fleet", "migrate", "--targets-glob", "sqlite:tenants/*.db", "--parallel", "4", "--log-format", "json"], TimeSpan.FromMinutes(3));
        var again = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?>(), ["fleet", "migrate", "--targets-glob", "sqlite:tenants/*.db", "--log-format", "json"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(Files, FleetErrorTests.Summary(first).GetProperty("succeeded").GetInt32());
        Assert.Equal(Files * 3, FleetErrorTests.Summary(first).GetProperty("targets").GetInt32() * 3);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, again.Stdout.Split('\n').Count(l => l.Contains("\"changed\":", StringComparison.Ordinal) && !l.Contains("\"changed\":0", StringComparison.Ordinal)));
        for (var i = 1; i <= Files; i++)
        {
            await using var connection = new SqliteConnection($"Data Source={dir[string.Create(CultureInfo.InvariantCulture, $"tenants/acme{i:000}.db")]};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM slipway_history WHERE success = 1) || '/' || (SELECT count(*) FROM notes)";
            Assert.Equal("3/1", (string?)await command.ExecuteScalarAsync());
        }

        Assert.False(File.Exists(dir["slipway.db"]), "no database was created for the unset DATABASE_URL");
    }
}
