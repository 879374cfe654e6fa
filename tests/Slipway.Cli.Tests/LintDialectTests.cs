using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>Without <c>--dialect</c> and without a <c>DATABASE_URL</c>, lint never falls back silently to the embedded default.</summary>
public sealed class LintDialectTests
{
    [Fact]
    public async Task Blocking_postgres_ddl_without_dialect_or_url_is_linted_as_postgres_and_fails()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, total int);");
        dir.Write("migrations/V2__index.sql", "CREATE INDEX orders_total_idx ON orders (total);");
        dir.Write("migrations/V3__widen.sql", "ALTER TABLE orders ALTER COLUMN total TYPE bigint;");

        var result = await new Cli(dir, null).RunAsync("lint");

        Assert.True(result.ExitCode == 10, result.ToString());
        Assert.Contains("V2__index.sql:1: error SW001 index-not-concurrent", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("V3__widen.sql:1: error SW004 alter-column-type", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the SQL is PostgreSQL's (ALTER COLUMN (V3__widen.sql:1))", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(postgres)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portable_sql_without_dialect_or_url_gets_postgres_rules_and_says_so()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, total int);");
        dir.Write("migrations/V2__index.sql", "CREATE INDEX orders_total_idx ON orders (total);");

        var result = await new Cli(dir, null).RunAsync("lint");

        Assert.True(result.ExitCode == 10, result.ToString());
        Assert.Contains("nothing in the SQL names a database: linted with PostgreSQL's rules", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pass --dialect sqlite for SQLite migrations", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_sql_without_dialect_or_url_is_linted_as_sqlite_with_a_note()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);\nCREATE INDEX notes_body_idx ON notes (body);");

        var result = await new Cli(dir, null).RunAsync("lint");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the SQL is SQLite's (AUTOINCREMENT (V1__notes.sql:1))", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(sqlite)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_naming_both_databases_without_dialect_asks_for_it_and_exits_64()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);");
        dir.Write("migrations/V2__b.sql", "CREATE INDEX CONCURRENTLY a_idx ON a (id);");

        var result = await new Cli(dir, null).RunAsync("lint");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("lint cannot tell which database these migrations are for", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pass --dialect postgres or --dialect sqlite, or set DATABASE_URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_url_decides_the_dialect_without_a_note()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);");
        dir.Write("migrations/V2__b.sql", "CREATE INDEX CONCURRENTLY a_idx ON a (id);");

        var result = await new Cli(dir, "sqlite:app.db").RunAsync("lint");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("(sqlite)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--dialect", result.Stderr, StringComparison.Ordinal);
    }
}
