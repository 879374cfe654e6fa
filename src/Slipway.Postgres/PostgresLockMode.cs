namespace Slipway.Postgres;

/// <summary>How runners exclude each other on PostgreSQL.</summary>
public enum PostgresLockMode
{
    /// <summary>
    /// A session advisory lock (<c>pg_advisory_lock</c>): released by the server the moment the
    /// connection ends, so a killed runner never leaves it behind. Needs a real session: a direct
    /// connection or a pooler in session mode.
    /// </summary>
    Advisory,

    /// <summary>
    /// A lease row (owner, heartbeat, expiry) taken and renewed in short transactions, with no session
    /// state at all: safe behind PgBouncer in transaction pooling mode. A dead holder's lease expires by
    /// itself after <see cref="PostgresOptions.LeaseDuration"/>.
    /// </summary>
    Lease,
}
