using System.Text.RegularExpressions;
using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Lint;

/// <summary>What the SQL of a folder says about the database it is written for, and where it says so.</summary>
/// <param name="Dialect">The dialect the SQL names; null when it names both or neither.</param>
/// <param name="Evidence">The first telling construct and its place, e.g. <c>CONCURRENTLY (V3__index.sql:2)</c>; null when none.</param>
public sealed partial record DialectGuess(SqlDialect? Dialect, string? Evidence)
{
    /// <summary>
    /// Looks for constructs only one of the two databases accepts (PostgreSQL: <c>CONCURRENTLY</c>,
    /// dollar quoting, <c>::</c> casts, <c>jsonb</c>...; SQLite: <c>AUTOINCREMENT</c>, <c>PRAGMA</c>,
    /// <c>WITHOUT ROWID</c>...). Comments are not read.
    /// </summary>
    public static DialectGuess From(IEnumerable<MigrationScript> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        string? postgres = null;
        string? sqlite = null;
        foreach (var script in scripts)
        {
            var sql = Comment().Replace(script.Sql, m => new string('\n', m.Value.Count(c => c == '\n')));
            postgres ??= Find(PostgresOnly(), sql, script.Name);
            sqlite ??= Find(SqliteOnly(), sql, script.Name);
        }

        return (postgres, sqlite) switch
        {
            ({ } evidence, null) => new DialectGuess(SqlDialect.PostgreSql, evidence),
            (null, { } evidence) => new DialectGuess(SqlDialect.Sqlite, evidence),
            ({ } p, { } s) => new DialectGuess(null, $"{p} and {s}"),
            _ => new DialectGuess(null, null),
        };
    }

    private static string? Find(Regex pattern, string sql, string name)
    {
        var match = pattern.Match(sql);
        if (!match.Success)
        {
            return null;
        }

        var line = 1 + sql.AsSpan(0, match.Index).Count('\n');
        return $"{match.Value.Trim()} ({name}:{line})";
    }

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bCONCURRENTLY\b|\$\$|\$[A-Za-z_]\w*\$|::\s*[A-Za-z_]\w*|\bJSONB\b|\bTIMESTAMPTZ\b|\bBIGSERIAL\b|\bSERIAL\b|\bCREATE\s+EXTENSION\b|\bLANGUAGE\s+plpgsql\b|\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b|\bSET\s+(?:lock_timeout|statement_timeout|search_path)\b|\bALTER\s+COLUMN\b", RegexOptions.IgnoreCase)]
    private static partial Regex PostgresOnly();

    [GeneratedRegex(@"\bAUTOINCREMENT\b|\bPRAGMA\b|\bWITHOUT\s+ROWID\b|\bINSERT\s+OR\s+(?:REPLACE|IGNORE)\b|\)\s*STRICT\b|\bdatetime\s*\(\s*'now'", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteOnly();
}
