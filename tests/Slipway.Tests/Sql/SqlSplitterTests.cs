using Slipway.Sql;

namespace Slipway.Tests.Sql;

public sealed class SqlSplitterTests
{
    private static string[] Pg(string sql) => [.. SqlSplitter.Split(sql, SqlDialect.PostgreSql).Select(s => s.Sql)];

    private static string[] Lite(string sql) => [.. SqlSplitter.Split(sql, SqlDialect.Sqlite).Select(s => s.Sql)];

    [Fact]
    public void Semicolons_end_statements_and_are_not_part_of_the_sql_sent()
    {
        Assert.Equal(["CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1"], Pg("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);  SELECT 1"));
    }

    [Theory]
    [InlineData("SELECT 'a;b''c;'")]
    [InlineData("SELECT E'it\\'s; \\\\'")]
    [InlineData("SELECT e'\\';'")]
    [InlineData("SELECT \"semi;colon\"\"x;\" FROM t")]
    [InlineData("SELECT $$a;b$$")]
    [InlineData("SELECT $fn$ $$;$$ ; $fn$")]
    [InlineData("SELECT 1 /* a; /* nested; */ still; */ + 1")]
    [InlineData("SELECT 1 -- a; comment\n + 2")]
    [InlineData("SELECT (1;2)")]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END")]
    [InlineData("CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END")]
    public void A_semicolon_inside_quotes_comments_parentheses_and_atomic_bodies_does_not_split_on_postgres(string statement)
    {
        Assert.Equal([statement, "SELECT 2"], Pg(statement + ";\nSELECT 2;"));
    }

    [Theory]
    [InlineData("SELECT 'a;b'")]
    [InlineData("SELECT \"a;b\", `c;d`, [e;f] FROM t")]
    [InlineData("SELECT 1 /* a; */ + 1")]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.id); UPDATE x SET n = CASE WHEN 1 THEN 2 END; END")]
    [InlineData("CREATE TEMP TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN SELECT 1; END")]
    public void A_semicolon_inside_quotes_comments_and_trigger_bodies_does_not_split_on_sqlite(string statement)
    {
        Assert.Equal([statement, "SELECT 2"], Lite(statement + ";\nSELECT 2;"));
    }

    [Fact]
    public void Sqlite_comments_do_not_nest_and_backslashes_are_plain()
    {
        Assert.Equal(["SELECT 1 /* /* */ + 1", "SELECT 'a\\'", "SELECT 3 */"], Lite("SELECT 1 /* /* */ + 1; SELECT 'a\\'; SELECT 3 */"));
    }

    [Fact]
    public void A_plain_string_ending_in_a_backslash_ends_at_its_quote_on_postgres()
    {
        Assert.Equal(["SELECT 'C:\\'", "SELECT 2"], Pg("SELECT 'C:\\'; SELECT 2"));
    }

    [Fact]
    public void Dollar_signs_in_identifiers_and_parameters_are_not_quotes()
    {
        Assert.Equal(["SELECT a$b$ FROM t", "SELECT $1", "SELECT 3"], Pg("SELECT a$b$ FROM t; SELECT $1; SELECT 3"));
    }

    [Fact]
    public void Begin_and_end_outside_routines_are_ordinary_statements()
    {
        Assert.Equal(["BEGIN", "CREATE TABLE t (begin_at int, \"end\" int)", "SELECT CASE WHEN x THEN 1 END FROM t", "END"],
            Pg("BEGIN; CREATE TABLE t (begin_at int, \"end\" int); SELECT CASE WHEN x THEN 1 END FROM t; END;"));
    }

    [Fact]
    public void Each_statement_knows_its_first_line_and_leading_comments_belong_to_it()
    {
        const string Sql = "-- header\n\nCREATE TABLE a (id int);\n\n/* doc\n comment */\nCREATE INDEX i ON a (id);\n-- trailing\n";
        var statements = SqlSplitter.Split(Sql, SqlDialect.PostgreSql);

        Assert.Equal([3, 7], statements.Select(s => s.Line));
        Assert.Equal("\n\n/* doc\n comment */\nCREATE INDEX i ON a (id);\n-- trailing\n", statements[1].Text);
        Assert.Equal(Sql, string.Concat(statements.Select(s => s.Text)));
    }

    [Fact]
    public void Lines_count_newlines_inside_strings_and_comments()
    {
        var statements = SqlSplitter.Split("SELECT 'a\nb';\n/* x\ny */ SELECT $$\n\n$$;\nSELECT 3", SqlDialect.PostgreSql);
        Assert.Equal([1, 4, 7], statements.Select(s => s.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n-- only a comment\n")]
    [InlineData(";;\n;")]
    [InlineData("/* unterminated ; comment")]
    public void A_script_without_statements_gives_none(string sql)
    {
        Assert.Empty(SqlSplitter.Split(sql, SqlDialect.PostgreSql));
    }

    [Fact]
    public void Empty_statements_join_the_next_statement_and_text_is_kept()
    {
        const string Sql = "SELECT 1;;\n; SELECT 2;;";
        var statements = SqlSplitter.Split(Sql, SqlDialect.PostgreSql);
        Assert.Equal(["SELECT 1", "SELECT 2"], statements.Select(s => s.Sql));
        Assert.Equal(Sql, string.Concat(statements.Select(s => s.Text)));
    }

    [Theory]
    [InlineData("SELECT 'unterminated; string")]
    [InlineData("SELECT $$ unterminated; dollar")]
    [InlineData("SELECT \"unterminated; ident")]
    [InlineData("SELECT E'unterminated \\")]
    public void Unterminated_quotes_run_to_the_end_of_the_script(string sql)
    {
        var statement = Assert.Single(SqlSplitter.Split(sql, SqlDialect.PostgreSql));
        Assert.Equal(sql, statement.Text);
    }

    [Fact]
    public void Tokens_keep_quoted_names_as_written()
    {
        var statement = Assert.Single(SqlSplitter.Split("create unique index concurrently \"Big Idx\" on app.items (name)", SqlDialect.PostgreSql));
        Assert.Equal(["create", "unique", "index", "concurrently", "\"Big Idx\"", "on", "app", ".", "items", "(", "name", ")"], statement.Tokens.Select(t => t.Text));
        Assert.Equal(SqlTokenKind.QuotedIdentifier, statement.Tokens[4].Kind);
    }
}
