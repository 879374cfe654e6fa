using Npgsql;
using Slipway.Diagnostics;
using Slipway.Locking;

namespace Slipway.Postgres;

/// <summary>
/// A PostgreSQL lock kind (<see cref="AdvisoryLocker"/>, <see cref="LeaseLocker"/>) and what the session
/// needs to know of it: whether the session may keep state on its server connection, and the lock's part
/// of each change's transaction.
/// </summary>
internal interface IPostgresLocker : ISessionLocker
{
    /// <summary>
    /// True when the session keeps one server connection for its whole life (no transaction pooler):
    /// session settings and the backend's pid then stay valid from one statement to the next.
    /// </summary>
    bool OwnsConnection { get; }

    /// <summary>
    /// A statement a change's transaction runs to confirm and extend the lock, failing when it is gone;
    /// null when the lock needs none. The session sends it first and again just before COMMIT.
    /// </summary>
    NpgsqlBatchCommand? Renewal();

    /// <summary>The lock loss a failure of <see cref="Renewal"/> means; null for any other error.</summary>
    LockLostException? LostBy(PostgresException error);
}
