using Microsoft.Data.Sqlite;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>Repeatable migrations: after versioned ones, in name order, again only when their checksum changes.</summary>
public sealed class RepeatableMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Repeatables_run_after_versioned_ones_in_name_order_and_again_only_when_changed()
    {
        _dir.Write("m/R__b_note_titles.sql", "DROP VIEW IF EXISTS note_titles;\nCREATE VIEW note_titles AS SELECT title FROM notes;");
        _dir.Write("m/R__a_note_count.sql", "DROP VIEW IF EXISTS note_count;\nCREATE VIEW note_count AS SELECT count(*) AS n FROM notes;");
        _dir.Write("m/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, title text);");
        _dir.Write("m/V2__add_author.sql", "ALTER TABLE notes ADD COLUMN author text;");
        var migrator = new Migrator(new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + _dir["app.db"])), [new FolderMigrationSource(_dir["m"])]);

        var first = await migrator.MigrateAsync();
        var unchanged = await migrator.MigrateAsync();
        _dir.Write("m/R__b_note_titles.sql", "DROP VIEW IF EXISTS note_titles;\nCREATE VIEW note_titles AS SELECT title, author FROM notes;");
        _dir.Write("m/V3__add_tags.sql", "ALTER TABLE notes ADD COLUMN tags text;");
        var changed = await migrator.MigrateAsync();

        Assert.Equal(["V1__create_notes.sql", "V2__add_author.sql", "R__a_note_count.sql", "R__b_note_titles.sql"], first.Results.Select(r => r.Script));
        Assert.True(unchanged.FastPath);
        Assert.Equal(["V3__add_tags.sql", "R__b_note_titles.sql"], changed.Results.Select(r => r.Script));
        Assert.Equal(["title", "author"], await ColumnsOfAsync("note_titles"));
        Assert.Equal(["1", "2", "", "", "3", ""], await QueryAsync("SELECT coalesce(version, '') FROM slipway_history ORDER BY id"));
    }

    public void Dispose() => _dir.Dispose();

    private Task<List<string>> ColumnsOfAsync(string view) => QueryAsync($"SELECT name FROM pragma_table_info('{view}') ORDER BY cid");

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir["app.db"]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
