using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>The SQL the SQLite provider runs against the history table.</summary>
internal sealed class SqliteHistorySql(HistoryTable table)
{
    private const string Columns = "id, version, description, kind, script, checksum, checksum_algorithm, phase, applied_by, host, app_version, started_at, finished_at, execution_ms, success, statements_done, backup_file, note";

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

    public string Insert() => $"""
        INSERT INTO {table.Quoted} (version, description, kind, script, checksum, checksum_algorithm, phase, applied_by, host, app_version, started_at, finished_at, execution_ms, success, statements_done, down_script, backup_file, note)
        VALUES ($version, $description, $kind, $script, $checksum, $algorithm, $phase, $appliedBy, $host, $appVersion, $startedAt, $finishedAt, $executionMs, $success, $statementsDone, $downScript, $backupFile, $note)
        """;

    public string IsApplied() =>
        $"SELECT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind = 'versioned' AND version = $p AND success = 1)";

    public string LatestRepeatableChecksum() =>
        $"SELECT checksum FROM {table.Quoted} WHERE kind = 'repeatable' AND script = $p AND success = 1 ORDER BY id DESC LIMIT 1";

    public string CountIds(IReadOnlyList<long> ids) => $"SELECT count(*) FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})";

    public string DeleteIds(IReadOnlyList<long> ids) => $"DELETE FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})";
}
