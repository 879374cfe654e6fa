using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>The SQL the PostgreSQL provider runs against the history table.</summary>
internal sealed class PostgresHistorySql(HistoryTable table)
{
    private static readonly string Columns = string.Join(", ", HistoryCodec.Columns.Take(HistoryCodec.DownScriptOrdinal).Select(c => c.Name switch
    {
        // Unknown names read as versioned and pre-deploy, as KindNames parses them.
        "kind" => $"CASE kind {string.Join(' ', Enum.GetValues<MigrationKind>().Select(k => $"WHEN '{k.ToText()}' THEN {(int)k}"))} ELSE {(int)MigrationKind.Versioned} END",
        "phase" => $"phase = '{MigrationPhase.PostDeploy.ToText()}'",
        var name => name,
    }));

    // The transaction setting that carries a replaced progress row's start to the row replacing it.
    private const string StartSetting = "slipway.started";

    // What the server fills in when neither the record nor the session gives a value: the transaction's
    // start, the moment the row is written, the time in between and the current role.
    private static readonly string InsertSql = InsertWith("now()");

    // The same for a row that continues a migration run statement by statement: its start is the replaced
    // progress row's, kept by KeepStart (a row that is gone leaves the transaction's start).
    // The setting holds ISO 8601 in UTC, which reads back the same whatever the session's DateStyle and TimeZone.
    private static readonly string ContinuingInsertSql = InsertWith($"COALESCE((NULLIF(current_setting('{StartSetting}', true), '') || '+00')::timestamptz, now())");

    private static string InsertWith(string start) => "(" + string.Join(", ", HistoryCodec.Written.Select(c => c.Name)) + ") VALUES ("
        + string.Join(", ", HistoryCodec.Written.Select((c, i) => (c.Name switch
        {
            "started_at" => start,
            "finished_at" => "clock_timestamp()",
            "execution_ms" => $"(extract(epoch FROM clock_timestamp() - {start}) * 1000)::bigint",
            "applied_by" => "current_user",
            _ => null,
        }) is { } fallback ? $"COALESCE(${i + 1}, {fallback})" : $"${i + 1}")) + ")";

    public string Select(bool includeDownScripts) =>
        $"SELECT {Columns}, {(includeDownScripts ? "down_script" : "NULL::text")} FROM {table.Quoted} ORDER BY id";

    /// <summary>The history without down scripts and without order, each row tagged with <paramref name="tag"/> in one more column: a branch of a fleet's union.</summary>
    public string SelectTagged(int tag) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT {Columns}, NULL::text, {tag} FROM {table.Quoted}");

    /// <summary>The table's columns and their types; no rows when it does not exist. $1: the quoted table name.</summary>
    public const string Shape =
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    public string Create() => string.Join(";\n", CreateStatements());

    /// <summary>The statements of <see cref="Create"/>, one each, for a batch.</summary>
    public IEnumerable<string> CreateStatements()
    {
        if (table.Schema is not null)
        {
            yield return $"CREATE SCHEMA IF NOT EXISTS {HistoryTable.Quote(table.Schema)}";
        }

        var index = HistoryTable.Quote(table.Name + "_version_uq");
        yield return $"""
            CREATE TABLE IF NOT EXISTS {table.Quoted} (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                version text,
                description text NOT NULL,
                kind text NOT NULL,
                script text NOT NULL,
                checksum text,
                checksum_algorithm integer NOT NULL DEFAULT 1,
                phase text NOT NULL DEFAULT 'pre-deploy',
                applied_by text NOT NULL DEFAULT current_user,
                host text,
                app_version text,
                started_at timestamptz NOT NULL,
                finished_at timestamptz,
                execution_ms bigint NOT NULL DEFAULT 0,
                success boolean NOT NULL,
                statements_done integer NOT NULL DEFAULT 0,
                down_script text,
                backup_file text,
                note text
            )
            """;
        yield return $"CREATE UNIQUE INDEX IF NOT EXISTS {index} ON {table.Quoted} (version) WHERE kind = 'versioned'";
    }

    /// <summary>Inserts one row: parameters $1.. are <see cref="HistoryCodec.Values"/>.</summary>
    public string Insert() => $"INSERT INTO {table.Quoted} {InsertSql}";

    /// <summary>Inserts a row that continues the progress row <see cref="KeepStart"/> kept: its start is that row's.</summary>
    public string InsertContinuing() => $"INSERT INTO {table.Quoted} {ContinuingInsertSql}";

    /// <summary>Keeps the start of row <paramref name="id"/> for <see cref="InsertContinuing"/>, in this transaction; run before the row is deleted.</summary>
    public string KeepStart(long id) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"SELECT set_config('{StartSetting}', COALESCE((SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM {table.Quoted} WHERE id = {id}), ''), true)");

    // The guards of a change: they fail with division_by_zero (22012) when the change is no
    // longer needed, which makes the server skip the rest of the batch before any migration SQL runs.

    /// <summary>Fails unless the versioned migration $1 is still unapplied.</summary>
    public string GuardNotApplied() =>
        $"SELECT 1 / (NOT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind = 'versioned' AND version = $1 AND success))::int";

    /// <summary>Fails unless no migration, baseline or repeatable was ever recorded (a baseline script builds only a new database).</summary>
    public string GuardNew() =>
        $"SELECT 1 / (NOT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind IN ('versioned', 'baseline', 'repeatable')))::int";

    /// <summary>Fails unless the repeatable migration $1's newest applied checksum differs from $2.</summary>
    public string GuardRepeatableChanged() =>
        $"SELECT 1 / ((SELECT checksum FROM {table.Quoted} WHERE kind = 'repeatable' AND script = $1 AND success ORDER BY id DESC LIMIT 1) IS DISTINCT FROM $2)::int";

    /// <summary>Fails unless every one of the history rows is still there.</summary>
    public string GuardIdsPresent(IReadOnlyList<long> ids) =>
        $"SELECT 1 / ((SELECT count(*) FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})) = {ids.Count})::int";

    // Ids are numbers the engine read from history: inlining them is safe and avoids array types,
    // which the slim Npgsql builder used for NativeAOT does not include.
    public string DeleteIds(IReadOnlyList<long> ids) => $"DELETE FROM {table.Quoted} WHERE id IN ({string.Join(',', ids)})";

    /// <summary>A stable advisory-lock key for this table: the same in every process and every Slipway version.</summary>
    public long LockKey()
    {
        // FNV-1a, 64-bit: string.GetHashCode is randomised per process and useless for a cross-process lock.
        var hash = 14695981039346656037UL;
        foreach (var c in "slipway:" + table)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
