using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>The SQL the SQLite provider runs against the history table.</summary>
internal sealed class SqliteHistorySql(HistoryTable table)
{
    private static readonly string Columns = string.Join(", ", HistoryCodec.Columns.Take(HistoryCodec.DownScriptOrdinal).Select(c => c.Name));

    private static readonly string InsertSql = "(" + string.Join(", ", HistoryCodec.Written.Select(c => c.Name)) + ") VALUES ("
        + string.Join(", ", HistoryCodec.Written.Select((_, i) => ParameterName(i))) + ")";

    /// <summary>The name of the insert's parameter for <see cref="HistoryCodec.Written"/>[<paramref name="index"/>].</summary>
    public static string ParameterName(int index) => "$p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Select(bool includeDownScripts) =>
        $"SELECT {Columns}, {(includeDownScripts ? "down_script" : "NULL")} FROM {table.Quoted} ORDER BY id";

    public string Create() => $"""
        CREATE TABLE IF NOT EXISTS {table.Quoted} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            version TEXT,
            description TEXT NOT NULL,
            kind TEXT NOT NULL,
            script TEXT NOT NULL,
            checksum TEXT,
            checksum_algorithm INTEGER NOT NULL DEFAULT 1,
            phase TEXT NOT NULL DEFAULT 'pre-deploy',
            applied_by TEXT NOT NULL,
            host TEXT,
            app_version TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            execution_ms INTEGER NOT NULL DEFAULT 0,
            success INTEGER NOT NULL,
            statements_done INTEGER NOT NULL DEFAULT 0,
            down_script TEXT,
            backup_file TEXT,
            note TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS {HistoryTable.Quote(table.Name + "_version_uq")} ON {table.Quoted} (version) WHERE kind = 'versioned';
        """;

    /// <summary>Inserts one row: parameters named by <see cref="ParameterName"/> are <see cref="HistoryCodec.Values"/>.</summary>
    public string Insert() => $"INSERT INTO {table.Quoted} {InsertSql}";

    /// <summary>The table's columns and their declared types; no rows when it does not exist.</summary>
    public string Shape() => table.Schema is null
        ? $"SELECT name, type FROM pragma_table_info('{table.Name}')"
        : $"SELECT name, type FROM pragma_table_info('{table.Name}', '{table.Schema}')";

    public string IsApplied() =>
        $"SELECT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind = 'versioned' AND version = $p AND success = 1)";

    /// <summary>True when no migration, baseline or repeatable was ever recorded: a baseline script may still build the database.</summary>
    public string IsNew() =>
        $"SELECT NOT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind IN ('versioned', 'baseline', 'repeatable'))";

    public string LatestRepeatableChecksum() =>
        $"SELECT checksum FROM {table.Quoted} WHERE kind = 'repeatable' AND script = $p AND success = 1 ORDER BY id DESC LIMIT 1";

    /// <summary>The start of row <paramref name="id"/>; no row when it is gone.</summary>
    public string StartedOf(long id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT started_at FROM {table.Quoted} WHERE id = {id}");

    public string CountIds(IReadOnlyList<long> ids) => $"SELECT count(*) FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})";

    public string DeleteIds(IReadOnlyList<long> ids) => $"DELETE FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})";
}
