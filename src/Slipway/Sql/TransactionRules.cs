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

    // MySQL statements that end the open transaction with an implicit commit (reference manual,
    // "Statements That Cause an Implicit Commit"), by their first word; TEMPORARY tables excepted.
    private static readonly HashSet<string> MySqlCommitting = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE", "LOCK", "UNLOCK", "ANALYZE", "CHECK",
        "OPTIMIZE", "REPAIR", "FLUSH", "RESET", "INSTALL", "UNINSTALL", "CACHE", "CHANGE",
    };

    /// <summary>
    /// The name of the command when <paramref name="statement"/> commits implicitly on MySQL and MariaDB
    /// (DDL, account changes, table locks, and <c>EXECUTE</c> of a prepared statement, which may be DDL);
    /// null for any other statement or dialect. A migration with one of these cannot be atomic.
    /// </summary>
    public static string? CommitsImplicitly(SqlStatement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (dialect != SqlDialect.MySql || statement.Tokens.Count == 0 || statement.Tokens[0].Kind != SqlTokenKind.Word)
        {
            return null;
        }

        var s = statement;
        var first = s.Tokens[0].Text.ToUpperInvariant();
        if (first == "EXECUTE")
        {
            return "EXECUTE (a prepared statement may be DDL)";
        }

        if (first == "SET" && (s.WordAt(1, "PASSWORD") || (s.WordAt(1, "AUTOCOMMIT") || s.WordAt(2, "AUTOCOMMIT"))))
        {
            return "SET " + s.Tokens[1].Text.ToUpperInvariant();
        }

        if (first == "LOAD" && s.WordAt(1, "INDEX"))
        {
            return "LOAD INDEX";
        }

        if (!MySqlCommitting.Contains(first) || s.Tokens.Take(5).Any(t => t.Is("TEMPORARY")) && (first is "CREATE" or "DROP") && s.Tokens.Any(t => t.Is("TABLE")))
        {
            return null;
        }

        var what = s.Tokens.Skip(1).FirstOrDefault(t => t.Kind == SqlTokenKind.Word && !t.Is("OR") && !t.Is("REPLACE") && !t.Is("UNIQUE") && !t.Is("IF"));
        return what.Text is { } kind && first is "CREATE" or "ALTER" or "DROP" or "RENAME" or "TRUNCATE" && !kind.Equals("DEFINER", StringComparison.OrdinalIgnoreCase)
            ? first + " " + kind.ToUpperInvariant()
            : first;
    }

    /// <summary>
    /// True when <paramref name="statement"/> only sets state of the MySQL session (a user variable, a session
    /// variable, a prepared statement, the default database) and changes no data: a run that resumes in a new
    /// session replays these so later statements (<c>EXECUTE stmt</c> after <c>PREPARE stmt FROM @sql</c>) see it.
    /// </summary>
    public static bool IsSessionState(SqlStatement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (dialect != SqlDialect.MySql)
        {
            return false;
        }

        var s = statement;
        return (s.WordAt(0, "SET") && CommitsImplicitly(s, dialect) is null && !s.WordAt(1, "GLOBAL") && !s.WordAt(1, "TRANSACTION") && !(s.Tokens.Count > 2 && s.Tokens[1].Is('@') && s.Tokens[2].Is('@') && s.WordAt(3, "GLOBAL")))
            || s.WordAt(0, "PREPARE") || s.WordAt(0, "USE");
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
