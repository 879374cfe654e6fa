namespace Slipway.Sql;

/// <summary>The SQL dialect a script is written in; decides quoting, comments and block rules when splitting.</summary>
public enum SqlDialect
{
    /// <summary>PostgreSQL: <c>E''</c> strings, dollar quoting, nested comments, <c>BEGIN ATOMIC ... END</c> bodies.</summary>
    PostgreSql,

    /// <summary>SQLite: <c>`x`</c> and <c>[x]</c> identifiers, flat comments, <c>CREATE TRIGGER ... BEGIN ... END;</c>.</summary>
    Sqlite,

    /// <summary>
    /// MySQL and MariaDB: <c>`x`</c> identifiers, <c>'x'</c> and <c>"x"</c> strings with backslash escapes,
    /// <c>#</c> and <c>-- </c> comments, <c>/*! ... */</c> versioned comments, the client's <c>DELIMITER</c>
    /// command, and <c>CREATE PROCEDURE ... BEGIN ... END</c> bodies split where the server ends them.
    /// </summary>
    MySql,
}
