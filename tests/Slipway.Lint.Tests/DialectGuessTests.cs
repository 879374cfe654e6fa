using Slipway.Sql;

namespace Slipway.Lint.Tests;

/// <summary>Without a dialect or a URL, lint reads which database the SQL is written for, and says where.</summary>
public sealed class DialectGuessTests
{
    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY orders_idx ON orders (id);", "CONCURRENTLY (V1__step.sql:1)")]
    [InlineData("CREATE TABLE t (id int);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;", "$$ (V1__step.sql:2)")]
    [InlineData("ALTER TABLE t ADD COLUMN doc jsonb;", "jsonb (V1__step.sql:1)")]
    [InlineData("SELECT '1'::int;", "::int (V1__step.sql:1)")]
    public void Postgres_only_constructs_name_postgres(string sql, string evidence)
    {
        var guess = DialectGuess.From(Fixtures.Scripts(sql));

        Assert.Equal(SqlDialect.PostgreSql, guess.Dialect);
        Assert.Equal(evidence, guess.Evidence);
    }

    [Theory]
    [InlineData("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", "AUTOINCREMENT (V1__step.sql:1)")]
    [InlineData("PRAGMA foreign_keys = ON;", "PRAGMA (V1__step.sql:1)")]
    [InlineData("CREATE TABLE t (id int) WITHOUT ROWID;", "WITHOUT ROWID (V1__step.sql:1)")]
    public void Sqlite_only_constructs_name_sqlite(string sql, string evidence)
    {
        var guess = DialectGuess.From(Fixtures.Scripts(sql));

        Assert.Equal(SqlDialect.Sqlite, guess.Dialect);
        Assert.Equal(evidence, guess.Evidence);
    }

    [Fact]
    public void Portable_sql_and_comments_name_no_dialect()
    {
        var guess = DialectGuess.From(Fixtures.Scripts("-- CREATE INDEX CONCURRENTLY later\nCREATE TABLE t (id int);\n/* PRAGMA x */"));

        Assert.Null(guess.Dialect);
        Assert.Null(guess.Evidence);
    }

    [Fact]
    public void Constructs_of_both_name_no_dialect_but_say_why()
    {
        var guess = DialectGuess.From(Fixtures.Scripts("CREATE INDEX CONCURRENTLY i ON t (id);", "PRAGMA foreign_keys = ON;"));

        Assert.Null(guess.Dialect);
        Assert.Equal("CONCURRENTLY (V1__step.sql:1) and PRAGMA (V2__step.sql:1)", guess.Evidence);
    }
}
