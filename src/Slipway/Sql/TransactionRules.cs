namespace Slipway.Sql;

/// <summary>
/// Which statements cannot run inside a transaction block, and which control transactions themselves.
/// Decided from a statement's leading tokens only, so comments and literals never mislead it.
/// </summary>
internal static class TransactionRules
{
    /// <summary>
    /// The name of the command when the server refuses to run <paramref name="statement"/> inside a
    /// transaction block (e.g. <c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>); null otherwise.
    /// </summary>
    public static string? RefusedInTransaction(SqlStatement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.WordAt(0, "VACUUM"))
        {
            return "VACUUM";
        }

        if (dialect != SqlDialect.PostgreSql)
        {
            return null;
        }

        var s = statement;
        return s switch
        {
            _ when s.WordAt(0, "CREATE") && (s.WordAt(1, "INDEX") && s.WordAt(2, "CONCURRENTLY") || s.WordAt(1, "UNIQUE") && s.WordAt(2, "INDEX") && s.WordAt(3, "CONCURRENTLY")) => "CREATE INDEX CONCURRENTLY",
            _ when s.WordAt(0, "DROP") && s.WordAt(1, "INDEX") && s.WordAt(2, "CONCURRENTLY") => "DROP INDEX CONCURRENTLY",
            _ when s.WordAt(0, "REINDEX") => Reindex(s),
            _ when (s.WordAt(0, "CREATE") || s.WordAt(0, "DROP")) && s.WordAt(1, "DATABASE") => s.Tokens[0].Text.ToUpperInvariant() + " DATABASE",
            _ when (s.WordAt(0, "CREATE") || s.WordAt(0, "DROP")) && s.WordAt(1, "TABLESPACE") => s.Tokens[0].Text.ToUpperInvariant() + " TABLESPACE",
            _ when s.WordAt(0, "ALTER") && s.WordAt(1, "SYSTEM") => "ALTER SYSTEM",
            _ when s.WordAt(0, "ALTER") && s.WordAt(1, "DATABASE") && HasSequence(s, "SET", "TABLESPACE") => "ALTER DATABASE ... SET TABLESPACE",
            _ => null,
        };
    }

    /// <summary>
    /// True when <paramref name="statement"/> must run in autocommit in a no-transaction migration: the
    /// statements of <see cref="RefusedInTransaction"/>, plus those refused only on old servers or with
    /// some options (<c>ALTER TYPE ... ADD VALUE</c> before PostgreSQL 12, subscriptions, <c>CLUSTER</c>
    /// without a table, <c>DISCARD ALL</c>). Every other statement of such a migration runs in a short
    /// transaction of its own together with its progress row, so it is applied exactly once.
    /// </summary>
    public static bool NeedsAutocommit(SqlStatement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (RefusedInTransaction(statement, dialect) is not null)
        {
            return true;
        }

        var s = statement;
        return dialect == SqlDialect.PostgreSql
            && ((s.WordAt(0, "ALTER") && s.WordAt(1, "TYPE") && HasSequence(s, "ADD", "VALUE"))
                || ((s.WordAt(0, "CREATE") || s.WordAt(0, "ALTER") || s.WordAt(0, "DROP")) && s.WordAt(1, "SUBSCRIPTION"))
                || (s.WordAt(0, "CLUSTER") && s.Tokens.Count <= 2)
                || (s.WordAt(0, "DISCARD") && s.WordAt(1, "ALL")));
    }

    /// <summary>True for <c>BEGIN</c>, <c>START TRANSACTION</c>, <c>COMMIT</c>, <c>END</c>, <c>ROLLBACK</c>, <c>ABORT</c>.</summary>
    public static bool IsTransactionControl(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.WordAt(0, "BEGIN") || statement.WordAt(0, "COMMIT") || statement.WordAt(0, "END")
            || statement.WordAt(0, "ROLLBACK") || statement.WordAt(0, "ABORT")
            || (statement.WordAt(0, "START") && statement.WordAt(1, "TRANSACTION"));
    }

    /// <summary>
    /// For a PostgreSQL <c>CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table</c>,
    /// the index name as written, qualified with the table's schema when the table is qualified
    /// (an index always lives in its table's schema); null for any other statement or an unnamed index.
    /// </summary>
    public static string? ConcurrentIndexName(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (RefusedInTransaction(statement, SqlDialect.PostgreSql) != "CREATE INDEX CONCURRENTLY")
        {
            return null;
        }

        var t = statement.Tokens;
        var i = statement.WordAt(1, "UNIQUE") ? 4 : 3;
        if (statement.WordAt(i, "IF") && statement.WordAt(i + 1, "NOT") && statement.WordAt(i + 2, "EXISTS"))
        {
            i += 3;
        }

        if (i >= t.Count || !IsName(t[i]) || t[i].Is("ON") || !statement.WordAt(i + 1, "ON"))
        {
            return null;
        }

        var name = t[i].Text;
        var table = statement.WordAt(i + 2, "ONLY") ? i + 3 : i + 2;
        return table + 2 < t.Count && IsName(t[table]) && t[table + 1].Is('.') && IsName(t[table + 2])
            ? t[table].Text + "." + name
            : name;
    }

    private static string? Reindex(SqlStatement s)
    {
        // REINDEX [ ( options ) ] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } [ CONCURRENTLY ] name
        if (s.Tokens.Any(t => t.Is("CONCURRENTLY")))
        {
            return "REINDEX CONCURRENTLY";
        }

        var kind = s.Tokens.Skip(1).SkipWhile(t => !t.Is(')') && s.Tokens[1].Is('(')).FirstOrDefault(t => t.Kind == SqlTokenKind.Word);
        return kind.Text?.ToUpperInvariant() is "SCHEMA" or "DATABASE" or "SYSTEM" ? "REINDEX " + kind.Text.ToUpperInvariant() : null;
    }

    private static bool HasSequence(SqlStatement s, string first, string second)
    {
        for (var i = 0; i + 1 < s.Tokens.Count; i++)
        {
            if (s.Tokens[i].Is(first) && s.Tokens[i + 1].Is(second))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsName(SqlToken token) => token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;
}
