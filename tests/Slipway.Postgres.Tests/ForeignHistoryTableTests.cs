using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Postgres.Tests;

/// <summary>
/// A table of another shape where the history table should be: Slipway names the table and what is wrong
/// with it, fails as a configuration error and changes nothing.
/// </summary>
public sealed class ForeignHistoryTableTests
{
    private const string Migration = "CREATE TABLE items (id integer PRIMARY KEY);";

    [Fact]
    public async Task A_table_of_other_columns_is_a_configuration_error_naming_the_missing_columns()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("foreign");
        await db.ExecuteAsync("CREATE TABLE slipway_history (id serial PRIMARY KEY, name text, installed_on date); INSERT INTO slipway_history (name) VALUES ('theirs')");
        var before = await ShapeAndRowsAsync(db);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(db).MigrateAsync());

        Assert.Contains("slipway_history", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing columns: version, description, kind, script, checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("id is integer, expected bigint", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ShapeAndRowsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
    }

    [Fact]
    public async Task A_history_table_missing_one_column_names_that_column()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("foreign");
        await new Migrator(new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)), [new InMemoryMigrationSource(("V1__items.sql", Migration))]).MigrateAsync();
        await db.ExecuteAsync("ALTER TABLE slipway_history DROP COLUMN checksum_algorithm");
        var before = await ShapeAndRowsAsync(db);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(db, ("V2__more.sql", "CREATE TABLE more (id integer);")).MigrateAsync());

        Assert.Contains("missing column: checksum_algorithm", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing column: checksum_algorithm,", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ShapeAndRowsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'more'"));
    }

    [Fact]
    public async Task An_empty_history_table_with_a_column_of_the_wrong_type_is_refused_before_anything_runs()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("foreign");
        await db.ExecuteAsync(CreateLike("started_at text NOT NULL"));
        var before = await ShapeAndRowsAsync(db);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Migrator(db).MigrateAsync());

        Assert.Contains("started_at is text, expected timestamp with time zone", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ShapeAndRowsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
    }

    [Fact]
    public async Task The_slipway_binary_exits_64_with_the_table_and_columns_and_no_stack_trace()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("foreign");
        await db.ExecuteAsync("CREATE TABLE slipway_history (id serial PRIMARY KEY, name text, installed_on date); INSERT INTO slipway_history (name) VALUES ('theirs')");
        var before = await ShapeAndRowsAsync(db);
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__items.sql", Migration);

        var result = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = db.Url }, ["migrate"]);

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("slipway_history", result.All, StringComparison.Ordinal);
        Assert.Contains("missing columns: version, description", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, result.All, StringComparison.Ordinal);
        Assert.Equal(before, await ShapeAndRowsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
    }

    private static Migrator Migrator(TestDatabase db, params (string Name, string Sql)[] more) =>
        new(new PostgresProvider(PostgresConnectionUrl.Parse(db.Url)), [new InMemoryMigrationSource([("V1__items.sql", Migration), .. more])]);

    // The history table as Slipway creates it, with one column declared otherwise.
    private static string CreateLike(string replaced)
    {
        var name = replaced.Split(' ')[0];
        var columns = new[]
        {
            "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "version text", "description text NOT NULL", "kind text NOT NULL", "script text NOT NULL",
            "checksum text", "checksum_algorithm integer NOT NULL DEFAULT 1", "phase text NOT NULL DEFAULT 'pre-deploy'", "applied_by text NOT NULL DEFAULT current_user",
            "host text", "app_version text", "started_at timestamptz NOT NULL", "finished_at timestamptz", "execution_ms bigint NOT NULL DEFAULT 0",
            "success boolean NOT NULL", "statements_done integer NOT NULL DEFAULT 0", "down_script text", "backup_file text", "note text",
        }.Select(c => c.Split(' ')[0] == name ? replaced : c);
        return $"CREATE TABLE slipway_history ({string.Join(", ", columns)})";
    }

    private static async Task<string> ShapeAndRowsAsync(TestDatabase db) =>
        string.Join("|", await db.ColumnAsync("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'slipway_history' ORDER BY ordinal_position"))
        + "#" + string.Join("|", await db.ColumnAsync("SELECT t::text FROM slipway_history t ORDER BY 1"))
        + "#" + string.Join("|", await db.ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"));
}
