using System.Data.Common;
using Slipway.Diagnostics;
using Slipway.Execution;

namespace Slipway.Code;

/// <summary>
/// What a session (<see cref="IMigrationSession"/>) implements to run C# migrations. Optional: with a
/// provider whose sessions lack it, a run with a pending C# migration stops before applying anything, naming the provider.
/// </summary>
public interface ICodeMigrationSession
{
    /// <summary>
    /// Like <see cref="IMigrationSession.ApplyAsync"/>, with <paramref name="code"/> in place of the
    /// change's SQL: begins a transaction (a driver transaction object, so commands of the code can be
    /// enlisted), applies the change's limits, checks the guard (returns false, changing nothing, when the
    /// change is no longer needed), runs <paramref name="code"/> with the connection and that transaction,
    /// then the history writes, and commits. Rolls back and throws <see cref="MigrationFailedException"/>
    /// when the code throws (the driver's own errors translated as for SQL).
    /// </summary>
    Task<bool> ApplyCodeAsync(ChangeSet change, Func<DbConnection, DbTransaction, CancellationToken, Task> code, CancellationToken cancellationToken = default);
}
