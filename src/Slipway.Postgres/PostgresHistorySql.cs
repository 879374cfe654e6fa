using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>The SQL the PostgreSQL provider runs against the history table.</summary>
internal sealed class PostgresHistorySql(HistoryTable table)
{
    // Kind and phase come back as numbers: text would be two strings per row just to be parsed, and a
    // no-op run reads every row. Unknown names read as versioned and pre-deploy, as KindNames parses them.
    private static readonly string Columns =
        "id, version, description, " +
        $"CASE kind {string.Join(' ', Enum.GetValues<MigrationKind>().Select(k => $"WHEN '{k.ToText()}' THEN {(int)k}"))} ELSE {(int)MigrationKind.Versioned} END, " +
        $"script, checksum, checksum_algorithm, phase = '{MigrationPhase.PostDeploy.ToText()}', applied_by, host, app_version, " +
        "started_at, finished_at, execution_ms, success, statements_done, backup_file, note";

    public string Select(bool includeDownScripts) =>
        $"SELECT {Columns}, {(includeDownScripts ? "down_script" : "NULL::text")} FROM {table.Quoted} ORDER BY id";

    public string Create()
    {
        var schema = table.Schema is null ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {HistoryTable.Quote(table.Schema)};\n";
        var index = HistoryTable.Quote(table.Name + "_version_uq");
        return schema + $"""
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
            );
            CREATE UNIQUE INDEX IF NOT EXISTS {index} ON {table.Quoted} (version) WHERE kind = 'versioned';
            """;
    }

    public string Insert() =>
        $"""
        INSERT INTO {table.Quoted} (version, description, kind, script, checksum, checksum_algorithm, phase, host, app_version, started_at, finished_at, execution_ms, success, statements_done, down_script, backup_file, note, applied_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10, now()), COALESCE($11, clock_timestamp()),
                COALESCE($12, (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint), $13, $14, $15, $16, $17, COALESCE($18, current_user))
        """;

    // The guards of a change: they fail with division_by_zero (22012) when the change is no
    // longer needed, which makes the server skip the rest of the batch before any migration SQL runs.

    /// <summary>Fails unless the versioned migration $1 is still unapplied.</summary>
    public string GuardNotApplied() =>
        $"SELECT 1 / (NOT EXISTS (SELECT 1 FROM {table.Quoted} WHERE kind = 'versioned' AND version = $1 AND success))::int";

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
