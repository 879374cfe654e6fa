using System.Text;
using Slipway.Sql;

namespace Slipway.Tests.Sql;

/// <summary>
/// Seeded random scripts: generated from known statements glued with tricky separators, the split must
/// find exactly those statements; for any text at all, the statements joined must give the text back, and a
/// text without statements must hold nothing but whitespace, comments and semicolons.
/// </summary>
public sealed class SqlSplitterPropertyTests
{
    private static readonly string[] PostgresFragments =
    [
        "x", "1.5e3", "'a;b'", "'it''s;'", "E'\\';\\\\'", "e'x\\n;'", "\"semi;\"\"colon\"", "$$ ; $$", "$fn$ $$;$$ ; $fn$",
        "/* c; /* nested; */ ; */", "-- line; comment\n", "(a; b)", "((;))", "U&'d\\0061t;a'", "$1", "a$b", "'C:\\'", "::text", "[1]",
    ];

    private static readonly string[] SqliteFragments =
    [
        "x", "42", "'a;b'", "'it''s;'", "\"semi;\"\"colon\"", "`back;tick`", "[square;bracket]", "/* c; /* not nested; */",
        "-- line; comment\n", "(a; b)", "'C:\\'", "$name", "?1",
    ];

    private static readonly string[] Trivia = ["", " ", "\n", "\r\n", "\t", "-- c;\n", "/* ; */", ";", " ; ;\n"];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_postgres_scripts_split_into_exactly_their_statements_and_join_back(int seed)
    {
        var random = new Random(seed);
        var statements = Enumerable.Range(0, random.Next(1, 12)).Select(_ => PostgresStatement(random)).ToList();
        AssertSplits(random, statements, SqlDialect.PostgreSql);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_sqlite_scripts_split_into_exactly_their_statements_and_join_back(int seed)
    {
        var random = new Random(seed);
        var statements = Enumerable.Range(0, random.Next(1, 12)).Select(_ => SqliteStatement(random)).ToList();
        AssertSplits(random, statements, SqlDialect.Sqlite);
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql)]
    [InlineData(SqlDialect.Sqlite)]
    public void Any_text_at_all_splits_without_error_and_joins_back_unchanged(SqlDialect dialect)
    {
        const string Alphabet = "';\"$-/*\n ()Eeab_[]`\\BEGINATOMICENDCREATEFUNCTIONTRIGGER";
        var random = new Random(20261125);
        var emptyScripts = 0;
        for (var run = 0; run < 3000; run++)
        {
            var chars = new char[random.Next(0, 120)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            var sql = new string(chars);
            var statements = SqlSplitter.Split(sql, dialect);
            if (statements.Count == 0)
            {
                // No statement is only right for a script of whitespace, comments and bare semicolons:
                // then nothing is lost. Anything else lost would never reach the server.
                Assert.True(IsOnlyTrivia(sql, dialect), $"no statement found in {Quote(sql)}");
                emptyScripts++;
                continue;
            }

            Assert.False(IsOnlyTrivia(sql, dialect), $"statements found in a script of only trivia: {Quote(sql)}");
            Assert.Equal(sql, string.Concat(statements.Select(s => s.Text)));
            var offset = 0;
            foreach (var statement in statements)
            {
                Assert.Equal(offset, statement.Offset);
                Assert.Contains(statement.Sql, statement.Text, StringComparison.Ordinal);
                Assert.InRange(statement.Line, sql[..statement.Offset].Count(c => c == '\n') + 1, sql[..(statement.Offset + statement.Text.Length)].Count(c => c == '\n') + 1);
                offset += statement.Text.Length;
            }
        }

        // The generator does produce scripts without a statement, so the check above is exercised.
        Assert.InRange(emptyScripts, 20, 2980);
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "")]
    [InlineData(SqlDialect.PostgreSql, " ;\n; -- only a comment\n/* and /* a nested */ one */ ;")]
    [InlineData(SqlDialect.Sqlite, "\t; /* a comment */ ;\n-- another")]
    public void A_script_of_only_whitespace_comments_and_semicolons_has_no_statement(SqlDialect dialect, string sql)
    {
        Assert.True(IsOnlyTrivia(sql, dialect));
        Assert.Empty(SqlSplitter.Split(sql, dialect));
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "x")]
    [InlineData(SqlDialect.PostgreSql, "; -- c\n'unterminated")]
    [InlineData(SqlDialect.Sqlite, "/* c */ ;\n`tick`")]
    public void A_script_with_any_token_has_a_statement_and_joins_back(SqlDialect dialect, string sql)
    {
        var statements = SqlSplitter.Split(sql, dialect);

        Assert.NotEmpty(statements);
        Assert.Equal(sql, string.Concat(statements.Select(s => s.Text)));
    }

    /// <summary>
    /// An oracle written apart from the scanner: whether the text is nothing but whitespace, semicolons,
    /// <c>--</c> comments and block comments (nested in PostgreSQL, not in SQLite). The first other
    /// character starts a token, whatever it is (a string, an identifier, an unterminated quote).
    /// </summary>
    private static bool IsOnlyTrivia(string sql, SqlDialect dialect)
    {
        var i = 0;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]) || sql[i] == ';')
            {
                i++;
            }
            else if (string.CompareOrdinal(sql, i, "--", 0, 2) == 0)
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (string.CompareOrdinal(sql, i, "/*", 0, 2) == 0)
            {
                var depth = 1;
                i += 2;
                while (i < sql.Length && depth > 0)
                {
                    if (dialect == SqlDialect.PostgreSql && string.CompareOrdinal(sql, i, "/*", 0, 2) == 0)
                    {
                        depth++;
                        i += 2;
                    }
                    else if (string.CompareOrdinal(sql, i, "*/", 0, 2) == 0)
                    {
                        depth--;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(string sql) => "\"" + sql.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static void AssertSplits(Random random, List<string> statements, SqlDialect dialect)
    {
        var script = new StringBuilder(Pick(random, Trivia).TrimStart(';'));
        foreach (var statement in statements)
        {
            script.Append(statement).Append(';').Append(Pick(random, Trivia)).Append(random.Next(2) == 0 ? "\n" : string.Empty);
        }

        var sql = script.ToString();
        var split = SqlSplitter.Split(sql, dialect);

        Assert.Equal(statements, split.Select(s => s.Sql));
        Assert.Equal(sql, string.Concat(split.Select(s => s.Text)));
    }

    private static string PostgresStatement(Random random) => random.Next(6) switch
    {
        0 => "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT " + Body(random, PostgresFragments) + "; SELECT CASE WHEN true THEN 1 END; END",
        _ => "SELECT " + Body(random, PostgresFragments),
    };

    private static string SqliteStatement(Random random) => random.Next(6) switch
    {
        0 => "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT " + Body(random, SqliteFragments) + "; SELECT CASE WHEN 1 THEN 2 END; END",
        _ => "SELECT " + Body(random, SqliteFragments),
    };

    private static string Body(Random random, string[] fragments)
    {
        var body = new StringBuilder();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            body.Append(Pick(random, fragments)).Append(random.Next(3) == 0 ? "\n" : " ");
        }

        return body.Append("end_").ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
