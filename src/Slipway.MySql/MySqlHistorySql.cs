using System.Globalization;
using Slipway.History;

namespace Slipway.MySql;

/// <summary>The SQL the MySQL provider runs against the history table.</summary>
internal sealed class MySqlHistorySql(HistoryTable table)
{
    private static readonly string Columns = string.Join(", ", HistoryCodec.Columns.Take(HistoryCodec.DownScriptOrdinal).Select(c => c.Name));

    // What the server fills in when the record gives no value: the change's start (set by the batch's
    // first statement), the moment the row is written, the time in between and the current user.
    private static readonly string InsertSql = "(" + string.Join(", ", HistoryCodec.Written.Select(c => c.Name)) + ") VALUES ("
        + string.Join(", ", HistoryCodec.Written.Select((c, i) => (c.Name switch
        {
            "started_at" => StartedVariable,
            "finished_at" => "UTC_TIMESTAMP(6)",
            "execution_ms" => $"TIMESTAMPDIFF(MICROSECOND, {StartedVariable}, UTC_TIMESTAMP(6)) DIV 1000",
            "applied_by" => "SUBSTRING_INDEX(CURRENT_USER(), '@', 1)",
            _ => null,
        }) is { } fallback ? $"COALESCE({ParameterName(i)}, {fallback})" : ParameterName(i))) + ")";

    /// <summary>The session variable holding the start of the current change (UTC).</summary>
    public const string StartedVariable = "@slipway_started";

    /// <summary>The history table, quoted for MySQL.</summary>
    public string Quoted { get; } = (table.Schema is null ? string.Empty : Quote(table.Schema) + ".") + Quote(table.Name);

    /// <summary>Quotes an identifier with backticks.</summary>
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>The name of the insert's parameter for <see cref="HistoryCodec.Written"/>[<paramref name="index"/>].</summary>
    public static string ParameterName(int index) => "@slipway_p" + index.ToString(CultureInfo.InvariantCulture);

    public string Select(bool includeDownScripts) =>
        $"SELECT {Columns}, {(includeDownScripts ? "down_script" : "NULL")} FROM {Quoted} ORDER BY id";

    /// <summary>The table's columns and their types; no rows when it does not exist. Parameters: @schema (null: the current database), @table.</summary>
    public const string Shape =
        "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(@schema, DATABASE()) AND TABLE_NAME = @table ORDER BY ORDINAL_POSITION";

    public string Create()
    {
        // MySQL has no partial index: a generated column holds the version of versioned rows only, and
        // NULLs (every other kind) never collide in a unique index.
        var schema = table.Schema is null ? string.Empty : $"CREATE DATABASE IF NOT EXISTS {Quote(table.Schema)};\n";
        return schema + $"""
            CREATE TABLE IF NOT EXISTS {Quoted} (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                version VARCHAR(190) NULL,
                description TEXT NOT NULL,
                kind VARCHAR(20) NOT NULL,
                script VARCHAR(1000) NOT NULL,
                checksum VARCHAR(200) NULL,
                checksum_algorithm INT NOT NULL DEFAULT 1,
                phase VARCHAR(20) NOT NULL DEFAULT 'pre-deploy',
                applied_by VARCHAR(300) NOT NULL,
                host VARCHAR(300) NULL,
                app_version VARCHAR(300) NULL,
                started_at DATETIME(6) NOT NULL,
                finished_at DATETIME(6) NULL,
                execution_ms BIGINT NOT NULL DEFAULT 0,
                success BOOLEAN NOT NULL,
                statements_done INT NOT NULL DEFAULT 0,
                down_script LONGTEXT NULL,
                backup_file TEXT NULL,
                note TEXT NULL,
                versioned_version VARCHAR(190) AS (CASE WHEN kind = 'versioned' THEN version END) STORED,
                UNIQUE KEY {Quote(table.Name + "_version_uq")} (versioned_version)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """;
    }

    /// <summary>The start time of row <paramref name="id"/>, or the server's clock when it is gone: an expression.</summary>
    public string StartedOf(long id) =>
        string.Create(CultureInfo.InvariantCulture, $"COALESCE((SELECT started_at FROM {Quoted} WHERE id = {id}), UTC_TIMESTAMP(6))");

    /// <summary>Inserts one row: parameters named by <see cref="ParameterName"/> are <see cref="HistoryCodec.Values"/>.</summary>
    public string Insert() => $"INSERT INTO {Quoted} {InsertSql}";

    // The guards of a change are subqueries that fail with "Subquery returns more than 1 row" (1242) when
    // the change is no longer needed: the server then runs nothing after them, in the same round trip.

    /// <summary>Fails unless the versioned migration @slipway_v is still unapplied.</summary>
    public string GuardNotApplied() =>
        $"(SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE EXISTS (SELECT 1 FROM {Quoted} WHERE kind = 'versioned' AND version = @slipway_v AND success))";

    /// <summary>Fails unless no migration, baseline or repeatable was ever recorded (a baseline script builds only a new database).</summary>
    public string GuardNew() =>
        $"(SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE EXISTS (SELECT 1 FROM {Quoted} WHERE kind IN ('versioned', 'baseline', 'repeatable')))";

    /// <summary>Fails unless the repeatable migration @slipway_s's newest applied checksum differs from @slipway_c.</summary>
    public string GuardRepeatableChanged() =>
        $"(SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE (SELECT checksum FROM {Quoted} WHERE kind = 'repeatable' AND script = @slipway_s AND success ORDER BY id DESC LIMIT 1) <=> @slipway_c)";

    /// <summary>Fails unless every one of the history rows is still there.</summary>
    public string GuardIdsPresent(IReadOnlyList<long> ids) =>
        string.Create(CultureInfo.InvariantCulture, $"(SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE (SELECT count(*) FROM {Quoted} WHERE id IN ({string.Join(',', ids)})) <> {ids.Count})");

    // Ids are numbers the engine read from history: inlining them is safe.
    public string DeleteIds(IReadOnlyList<long> ids) => $"DELETE FROM {Quoted} WHERE id IN ({string.Join(',', ids)})";
}
