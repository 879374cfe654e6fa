using System.Globalization;
using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway.Execution;

/// <summary>
/// A scratch <em>schema</em> (what a role that may not create databases gets) shares its database with the
/// real schemas, so a migration that names one of them (<c>public.orders</c>, <c>SET search_path TO public</c>)
/// would change the real database when it is replayed there. Such a replay is refused before anything
/// runs, naming the file and line; a scratch database has nothing to protect.
/// </summary>
internal static class ScratchSchemaGuard
{
    /// <summary>Throws when one of <paramref name="statements"/> of <paramref name="location"/> names a schema <paramref name="scratch"/> protects.</summary>
    public static void Check(ScratchTarget scratch, string location, IReadOnlyList<SqlStatement> statements, SqlDialect dialect)
    {
        if (scratch.Schema is null || scratch.ProtectedSchemas.Count == 0)
        {
            return;
        }

        foreach (var statement in statements)
        {
            if (FirstProtectedName(statement.Sql, dialect, scratch.ProtectedSchemas) is { } found)
            {
                var line = statement.Line + found.Line - 1;
                throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                    $"{location}:{line} names the schema {found.Schema}; replaying it in the {scratch.Description} (used because the role may not create databases) would change the real database, so nothing was run. Let the role create databases (ALTER ROLE ... CREATEDB) so the replay gets a temporary database of its own, or write the migration without the schema name"));
            }
        }
    }

    // A protected name followed by '.' (schema-qualified), or anywhere in a statement that sets the search_path.
    private static (string Schema, int Line)? FirstProtectedName(string sql, SqlDialect dialect, IReadOnlySet<string> schemas)
    {
        var scanner = new SqlScanner(sql, dialect);
        var tokens = new List<(SqlToken Token, int Line)>();
        while (scanner.SkipTrivia())
        {
            var line = scanner.Line;
            tokens.Add((scanner.Next().Token, line));
        }

        // SET search_path ..., SET SESSION search_path ..., SET LOCAL search_path ...
        var setsSearchPath = tokens.Count > 1 && tokens[0].Token.Is("SET") && tokens.Skip(1).Take(2).Any(t => t.Token.Is("search_path"));
        for (var i = 0; i < tokens.Count; i++)
        {
            var qualifies = i + 1 < tokens.Count && tokens[i + 1].Token.Is('.');
            if ((qualifies || setsSearchPath) && Name(tokens[i].Token) is { } name && schemas.Contains(name))
            {
                return (name, tokens[i].Line);
            }
        }

        return null;
    }

    private static string? Name(SqlToken token) => token.Kind switch
    {
        SqlTokenKind.Word => token.Text.ToLowerInvariant(),
        SqlTokenKind.QuotedIdentifier or SqlTokenKind.Literal when token.Text.Length >= 2 => token.Text[1..^1],
        _ => null,
    };
}
