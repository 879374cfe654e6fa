using System.Text;
using Slipway.Sql;

namespace Slipway.Tests.Sql;

/// <summary>
/// Seeded random scripts: generated from known statements glued with tricky separators, the split must
/// find exactly those statements; for any text at all, the statements joined must give the text back.
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
                continue;
            }

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
    }

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
