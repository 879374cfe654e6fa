using Slipway.Sql;

namespace Slipway.Tests.Sql;

public sealed class TransactionRulesTests
{
    private static SqlStatement One(string sql, SqlDialect dialect = SqlDialect.PostgreSql) => Assert.Single(SqlSplitter.Split(sql, dialect));

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY i ON t (a)", "CREATE INDEX CONCURRENTLY")]
    [InlineData("create unique index concurrently if not exists i on t (a)", "CREATE INDEX CONCURRENTLY")]
    [InlineData("/* why */ DROP INDEX CONCURRENTLY IF EXISTS i", "DROP INDEX CONCURRENTLY")]
    [InlineData("REINDEX INDEX CONCURRENTLY i", "REINDEX CONCURRENTLY")]
    [InlineData("REINDEX (VERBOSE, CONCURRENTLY) TABLE t", "REINDEX CONCURRENTLY")]
    [InlineData("REINDEX (VERBOSE) SCHEMA app", "REINDEX SCHEMA")]
    [InlineData("VACUUM (ANALYZE) t", "VACUUM")]
    [InlineData("CREATE DATABASE other", "CREATE DATABASE")]
    [InlineData("DROP DATABASE IF EXISTS other", "DROP DATABASE")]
    [InlineData("ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM")]
    [InlineData("CREATE TABLESPACE fast LOCATION '/ssd'", "CREATE TABLESPACE")]
    [InlineData("DROP TABLESPACE fast", "DROP TABLESPACE")]
    [InlineData("ALTER DATABASE app SET TABLESPACE fast", "ALTER DATABASE ... SET TABLESPACE")]
    public void Statements_postgres_refuses_in_a_transaction_are_recognised(string sql, string command)
    {
        Assert.Equal(command, TransactionRules.RefusedInTransaction(One(sql), SqlDialect.PostgreSql));
    }

    [Theory]
    [InlineData("CREATE INDEX i ON t (a)")]
    [InlineData("REINDEX TABLE t")]
    [InlineData("ALTER TYPE mood ADD VALUE 'meh'")]
    [InlineData("ALTER DATABASE app SET work_mem = '1MB'")]
    [InlineData("SELECT 'VACUUM'")]
    [InlineData("-- VACUUM\nANALYZE t")]
    [InlineData("COMMENT ON INDEX i IS 'CREATE INDEX CONCURRENTLY'")]
    public void Ordinary_statements_are_not_flagged(string sql)
    {
        Assert.Null(TransactionRules.RefusedInTransaction(One(sql), SqlDialect.PostgreSql));
    }

    [Fact]
    public void On_sqlite_only_vacuum_needs_autocommit()
    {
        Assert.Equal("VACUUM", TransactionRules.RefusedInTransaction(One("VACUUM", SqlDialect.Sqlite), SqlDialect.Sqlite));
        Assert.Null(TransactionRules.RefusedInTransaction(One("CREATE INDEX CONCURRENTLY i ON t (a)", SqlDialect.Sqlite), SqlDialect.Sqlite));
    }

    [Theory]
    [InlineData("BEGIN", true)]
    [InlineData("begin transaction isolation level serializable", true)]
    [InlineData("START TRANSACTION", true)]
    [InlineData("COMMIT", true)]
    [InlineData("END", true)]
    [InlineData("ROLLBACK", true)]
    [InlineData("SELECT 'BEGIN'", false)]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", false)]
    public void Transaction_control_is_recognised(string sql, bool expected)
    {
        Assert.Equal(expected, TransactionRules.IsTransactionControl(One(sql)));
    }

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY items_name ON items (name)", "items_name")]
    [InlineData("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Items Name\" ON ONLY app.items (name)", "app.\"Items Name\"")]
    [InlineData("CREATE INDEX CONCURRENTLY ON items (name)", null)]
    [InlineData("CREATE INDEX items_name ON items (name)", null)]
    public void The_index_name_of_a_concurrent_build_is_found_with_its_tables_schema(string sql, string? name)
    {
        Assert.Equal(name, TransactionRules.ConcurrentIndexName(One(sql)));
    }
}
