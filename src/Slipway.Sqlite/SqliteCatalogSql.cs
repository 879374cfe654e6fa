using System.Text.RegularExpressions;

namespace Slipway.Sqlite;

/// <summary>
/// The catalog query behind SQLite schema snapshots: tables, columns (type, NOT NULL, default, primary key,
/// generated), unique and primary-key indexes, foreign keys, and the SQL of indexes, views and triggers.
/// The table's own CREATE text is left out: ALTER TABLE rewrites it cosmetically.
/// </summary>
internal static partial class SqliteCatalogSql
{
    public const string Snapshot = """
        WITH t AS (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT IN ($history, $drift))
        SELECT 'table ' || t.name, '' FROM t
        UNION ALL
        SELECT 'column ' || t.name || '.' || p.name,
               p.type || CASE WHEN p."notnull" THEN ' NOT NULL' ELSE '' END
               || CASE WHEN p.dflt_value IS NOT NULL THEN ' DEFAULT ' || p.dflt_value ELSE '' END
               || CASE WHEN p.pk > 0 THEN ' PRIMARY KEY #' || p.pk ELSE '' END
               || CASE p.hidden WHEN 2 THEN ' GENERATED VIRTUAL' WHEN 3 THEN ' GENERATED STORED' ELSE '' END
        FROM t, pragma_table_xinfo(t.name) p
        UNION ALL
        SELECT CASE l.origin WHEN 'pk' THEN 'primary key ' ELSE 'unique ' END || t.name || '('
               || (SELECT group_concat(name, ',') FROM (SELECT ii.name FROM pragma_index_info(l.name) ii ORDER BY ii.seqno)) || ')', ''
        FROM t, pragma_index_list(t.name) l WHERE l.origin IN ('u', 'pk')
        UNION ALL
        SELECT 'foreign key ' || t.name || '.' || f."from", f."table" || '(' || coalesce(f."to", '') || ') ON UPDATE ' || f.on_update || ' ON DELETE ' || f.on_delete
        FROM t, pragma_foreign_key_list(t.name) f
        UNION ALL
        SELECT type || ' ' || name, sql FROM sqlite_master
        WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL AND tbl_name NOT IN ($history, $drift)
        """;

    /// <summary>Collapses whitespace so a re-created object with different line breaks compares equal.</summary>
    public static string Normalize(string sql) => Whitespace().Replace(sql.Trim(), " ");

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
