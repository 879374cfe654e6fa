using Slipway.Sql;

namespace Slipway.Tests.Sql;

/// <summary>The MySQL client's and server's rules: quotes, comments, DELIMITER and compound statements.</summary>
public sealed class MySqlSplitterTests
{
    private static string[] My(string sql) => [.. SqlSplitter.Split(sql, SqlDialect.MySql).Select(s => s.Sql)];

    [Theory]
    [InlineData("SELECT 'a;b\\'c;'")]
    [InlineData("SELECT \"a;b\\\"c;\"")]
    [InlineData("SELECT `semi;colon``x;` FROM t")]
    [InlineData("SELECT 1 # a; comment\n + 2")]
    [InlineData("SELECT 1 -- a; comment\n + 2")]
    [InlineData("SELECT 1 /* a; /* b; */ + 1")]
    [InlineData("SELECT (1;2)")]
    [InlineData("SELECT 'C:\\\\'")]
    public void A_semicolon_inside_quotes_and_comments_does_not_split(string statement)
    {
        Assert.Equal([statement, "SELECT 2"], My(statement + ";\nSELECT 2;"));
    }

    [Fact]
    public void Two_dashes_without_a_space_are_not_a_comment()
    {
        Assert.Equal(["SELECT 1--1", "SELECT 2"], My("SELECT 1--1; SELECT 2"));
    }

    [Fact]
    public void A_versioned_comment_is_sql_the_server_runs_and_keeps_its_markers()
    {
        var statements = SqlSplitter.Split("/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */;\n/*M!100100 SET a=1; */ SELECT 2;", SqlDialect.MySql);

        Assert.Equal(["/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */", "/*M!100100 SET a=1", "*/ SELECT 2"], statements.Select(s => s.Sql));
        Assert.True(statements[0].WordAt(0, "SET"));
    }

    [Fact]
    public void Delimiter_lines_switch_the_terminator_and_are_never_sent()
    {
        const string Sql = """
            CREATE TABLE t (id int);
            DELIMITER $$
            CREATE PROCEDURE p()
            BEGIN
              INSERT INTO t VALUES (1);
              SELECT 'x$';
            END$$
            CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.id = NEW.id + 1$$
            DELIMITER ;
            INSERT INTO t VALUES (2);
            """;

        var statements = SqlSplitter.Split(Sql, SqlDialect.MySql);

        Assert.Equal(4, statements.Count);
        Assert.StartsWith("CREATE PROCEDURE p()", statements[1].Sql, StringComparison.Ordinal);
        Assert.EndsWith("END", statements[1].Sql, StringComparison.Ordinal);
        Assert.Equal("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.id = NEW.id + 1", statements[2].Sql);
        Assert.Equal("INSERT INTO t VALUES (2)", statements[3].Sql);
        Assert.Equal(Sql, string.Concat(statements.Select(s => s.Text)));
        Assert.DoesNotContain(statements, s => s.Sql.Contains("DELIMITER", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//")]
    [InlineData(";;")]
    [InlineData("$$")]
    public void Any_delimiter_ends_a_statement_even_right_after_a_word(string delimiter)
    {
        var sql = $"DELIMITER {delimiter}\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END{delimiter}\nSELECT 1{delimiter}\ndelimiter ;\nSELECT 2;";

        Assert.Equal(["CREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "SELECT 1", "SELECT 2"], My(sql));
    }

    [Theory]
    [InlineData("CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x THEN SELECT 1; ELSE SELECT 2; END IF; WHILE x DO SET x = x - 1; END WHILE; END")]
    [InlineData("CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; END")]
    [InlineData("CREATE DEFINER = 'app'@'%' FUNCTION f() RETURNS INT DETERMINISTIC BEGIN RETURN CASE WHEN 1 THEN 2 END; END")]
    [InlineData("CREATE OR REPLACE PROCEDURE p() BEGIN CASE 1 WHEN 1 THEN SELECT 1; END CASE; l: LOOP LEAVE l; END LOOP; REPEAT SELECT 1; UNTIL 1 END REPEAT; END")]
    [InlineData("CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log VALUES (NEW.id); UPDATE c SET n = n + 1; END")]
    [InlineData("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log; OPTIMIZE TABLE log; END")]
    [InlineData("CREATE PROCEDURE p() BEGIN BEGIN SELECT 1; END; inner_block: BEGIN SELECT 2; END inner_block; END")]
    [InlineData("BEGIN NOT ATOMIC SELECT 1; SELECT 2; END")]
    public void A_compound_statement_without_delimiter_ends_where_the_server_ends_it(string statement)
    {
        Assert.Equal([statement, "SELECT 2"], My(statement + ";\nSELECT 2;"));
    }

    [Fact]
    public void A_transaction_begin_outside_a_routine_is_a_statement_of_its_own()
    {
        Assert.Equal(["BEGIN", "INSERT INTO t VALUES (1)", "COMMIT"], My("BEGIN; INSERT INTO t VALUES (1); COMMIT;"));
    }

    [Theory]
    [InlineData("CREATE TABLE t (id int)", "CREATE TABLE")]
    [InlineData("ALTER TABLE t ADD c int", "ALTER TABLE")]
    [InlineData("CREATE UNIQUE INDEX i ON t (c)", "CREATE INDEX")]
    [InlineData("DROP VIEW IF EXISTS v", "DROP VIEW")]
    [InlineData("RENAME TABLE a TO b", "RENAME TABLE")]
    [InlineData("TRUNCATE t", "TRUNCATE T")]
    [InlineData("GRANT SELECT ON db.* TO app", "GRANT")]
    [InlineData("EXECUTE stmt", "EXECUTE (a prepared statement may be DDL)")]
    [InlineData("CREATE DEFINER=`root`@`%` PROCEDURE p() SELECT 1", "CREATE")]
    [InlineData("INSERT INTO t VALUES (1)", null)]
    [InlineData("UPDATE t SET c = 1", null)]
    [InlineData("SET @s = 'ALTER TABLE t ADD c int'", null)]
    [InlineData("PREPARE stmt FROM @s", null)]
    [InlineData("CREATE TEMPORARY TABLE tmp (id int)", null)]
    [InlineData("DROP TEMPORARY TABLE IF EXISTS tmp", null)]
    public void Ddl_and_account_statements_commit_implicitly(string sql, string? command)
    {
        var statement = Assert.Single(SqlSplitter.Split(sql, SqlDialect.MySql));

        Assert.Equal(command, TransactionRules.CommitsImplicitly(statement, SqlDialect.MySql));
        Assert.Null(TransactionRules.CommitsImplicitly(statement, SqlDialect.PostgreSql));
    }

    [Theory]
    [InlineData("SET @s = (SELECT IF(1, 'SELECT 1', 'SELECT 2'))", true)]
    [InlineData("SET NAMES utf8mb4", true)]
    [InlineData("SET FOREIGN_KEY_CHECKS = 0", true)]
    [InlineData("PREPARE stmt FROM @s", true)]
    [InlineData("SET GLOBAL max_connections = 10", false)]
    [InlineData("SET PASSWORD = 'x'", false)]
    [InlineData("EXECUTE stmt", false)]
    [InlineData("INSERT INTO t VALUES (1)", false)]
    public void Session_state_statements_are_the_ones_a_resumed_run_sets_again(string sql, bool sessionState)
    {
        var statement = Assert.Single(SqlSplitter.Split(sql, SqlDialect.MySql));

        Assert.Equal(sessionState, TransactionRules.IsSessionState(statement, SqlDialect.MySql));
    }

    [Fact]
    public void A_migration_with_ddl_runs_statement_by_statement_and_one_of_dml_in_a_transaction()
    {
        var mixed = ScriptAnalysis.Of("V1__mixed.sql", "INSERT INTO t VALUES (1);\nALTER TABLE t ADD c int;\nUPDATE t SET c = 1;", Discovery.MigrationDirectives.Default, SqlDialect.MySql);
        var dml = ScriptAnalysis.Of("V2__dml.sql", "INSERT INTO t VALUES (1);\nUPDATE t SET c = 1;", Discovery.MigrationDirectives.Default, SqlDialect.MySql);

        Assert.Equal(TransactionMode.ImplicitCommit, mixed.Mode);
        Assert.Equal("ALTER TABLE", mixed.FirstRefused!.Value.Command);
        Assert.Empty(mixed.Problems);
        Assert.True(dml.Transactional);
    }
}
