using System.Globalization;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>The SQL of the lease lock: one row per history table in <c>{history}_lock</c>, beside the history table.</summary>
internal sealed class LeaseSql(HistoryTable history)
{
    private readonly string _table = new HistoryTable(history.Schema, (history.Name.Length > 58 ? history.Name[..58] : history.Name) + "_lock").Quoted;

    /// <summary>The row's key: the history table it guards.</summary>
    public string Name { get; } = history.ToString();

    public string Create() =>
        (history.Schema is null ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {HistoryTable.Quote(history.Schema)};\n")
        + $"""
        CREATE TABLE IF NOT EXISTS {_table} (
            name text PRIMARY KEY,
            owner text NOT NULL,
            acquired_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """;

    /// <summary>Takes the lease when it is free or expired; returns a row only on success. $1 name, $2 owner, $3 lease ms.</summary>
    public string Acquire() => $"""
        INSERT INTO {_table} AS l (name, owner, acquired_at, heartbeat_at, expires_at)
        VALUES ($1, $2, clock_timestamp(), clock_timestamp(), clock_timestamp() + $3::bigint * interval '1 millisecond')
        ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at,
            heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at
        WHERE l.expires_at < clock_timestamp() OR l.owner = EXCLUDED.owner
        RETURNING 1
        """;

    /// <summary>
    /// A plain read (never blocks): the holder of an unexpired lease other than $2, as <see cref="Holder"/>
    /// describes it; no row when there is none. $1 name, $2 owner.
    /// </summary>
    public string HeldByOther() =>
        $"{Holder()} AND owner <> $2 AND expires_at > clock_timestamp()";

    /// <summary>Extends the lease if this owner still has it; no row means it was lost. $1 name, $2 owner, $3 lease ms.</summary>
    public string Renew() =>
        $"UPDATE {_table} SET heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() + $3::bigint * interval '1 millisecond' WHERE name = $1 AND owner = $2 RETURNING 1";

    /// <summary>Like <see cref="Renew"/>, but fails with division_by_zero when the lease is no longer this owner's, so a batch stops there.</summary>
    public string RenewOrFail() =>
        $"WITH renewed AS ({Renew()}) SELECT 1 / (SELECT count(*) FROM renewed)::int";

    public string Release() => $"DELETE FROM {_table} WHERE name = $1 AND owner = $2";

    public string Holder() =>
        $"SELECT owner, (extract(epoch FROM clock_timestamp() - heartbeat_at) * 1000)::bigint, (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::bigint FROM {_table} WHERE name = $1";

    public static string LocalLockTimeout(TimeSpan timeout) =>
        string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = {Math.Max(1, (long)timeout.TotalMilliseconds)}");
}
