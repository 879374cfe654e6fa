using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>
/// A table of another shape where the history table should be, in an SQLite file: Slipway names the
/// table and what is wrong with it, fails as a configuration error and leaves the file as it was.
/// </summary>
public sealed class ForeignHistoryTableTests : IDisposable
{
    private const string Migration = "CREATE TABLE items (id INTEGER PRIMARY KEY);";

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_table_of_other_columns_is_a_configuration_error_naming_the_missing_columns()
    {
        var file = _dir["app.db"];
        await ExecuteAsync(file, "CREATE TABLE slipway_history (id INTEGER PRIMARY KEY, name TEXT, installed_on TEXT); INSERT INTO slipway_history (name) VALUES ('theirs')");
        var before = await DumpAsync(file);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(file).MigrateAsync());

        Assert.Contains("slipway_history", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing columns: version, description, kind, script, checksum", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(file));
    }

    [Fact]
    public async Task A_history_table_missing_one_column_names_that_column()
    {
        var file = _dir["app.db"];
        await Migrator(file).MigrateAsync();
        await ExecuteAsync(file, "ALTER TABLE slipway_history DROP COLUMN note");
        var before = await DumpAsync(file);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(file, ("V2__more.sql", "CREATE TABLE more (id INTEGER);")).MigrateAsync());

        Assert.Contains("missing column: note", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(file));
    }

    [Fact]
    public async Task An_empty_history_table_with_a_column_of_the_wrong_type_is_refused_before_anything_runs()
    {
        var file = _dir["app.db"];
        await Migrator(file).MigrateAsync();
        await ExecuteAsync(file, "DROP TABLE items; DELETE FROM slipway_history; ALTER TABLE slipway_history DROP COLUMN success; ALTER TABLE slipway_history ADD COLUMN success TEXT");
        var before = await DumpAsync(file);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(file).MigrateAsync());

        Assert.Contains("success is TEXT, expected INTEGER", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(file));
    }

    [Fact]
    public async Task The_slipway_binary_exits_64_with_the_table_and_columns_and_no_stack_trace()
    {
        var file = _dir["app.db"];
        await ExecuteAsync(file, "CREATE TABLE slipway_history (id INTEGER PRIMARY KEY, name TEXT, installed_on TEXT); INSERT INTO slipway_history (name) VALUES ('theirs')");
        var before = await DumpAsync(file);
        _dir.Write("migrations/V1__items.sql", Migration);

        var result = await SlipwayProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = "sqlite:" + file }, ["migrate"]);

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("slipway_history", result.All, StringComparison.Ordinal);
        Assert.Contains("missing columns: version, description", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.All, StringComparison.Ordinal);
        Assert.Equal(before, await DumpAsync(file));
    }

    public void Dispose() => _dir.Dispose();

    private static Migrator Migrator(string file, params (string Name, string Sql)[] more) =>
        new(new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + file)), [new InMemoryMigrationSource([("V1__items.sql", Migration), .. more])]);

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // Every object's definition and every history row: what "unchanged" means for the file.
    private static async Task<string> DumpAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name";
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        command.CommandText = "SELECT * FROM slipway_history ORDER BY 1";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
            }
        }

        return string.Join("\n", lines);
    }
}
