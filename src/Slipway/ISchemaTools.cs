using Slipway.Diagnostics;
using Slipway.Execution;

namespace Slipway;

/// <summary>
/// Optional provider capabilities beyond <see cref="IMigrationSession"/>, used by <c>verify</c> and
/// <c>plan --execute</c>. Implement it on the same class as <see cref="IMigrationProvider"/>; the engine
/// discovers it with a type test and reports a clear error when a provider lacks it.
/// </summary>
/// <remarks>
/// Contract: none of these members may change the target's schema or history, and every member opens
/// (and closes) its own connection, so they can run while a session of the same provider holds the lock.
/// </remarks>
public interface ISchemaTools
{
    /// <summary>
    /// Creates an empty, temporary target next to this one (PostgreSQL: a database, or a schema when the
    /// role may not create databases; SQLite: a temp file). Dispose the result to drop it. The scratch
    /// target's provider implements <see cref="ISchemaTools"/> too, so it can be snapshotted.
    /// </summary>
    Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the schema as a catalog snapshot: tables, columns (type, nullability, default), constraints,
    /// indexes, views, functions, triggers, sequences and types. The history table is left out, and so is
    /// anything that only differs in physical layout (column positions, object ids).
    /// </summary>
    Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the SQL of every change, in order, inside one transaction and then rolls it back, so the
    /// target is left exactly as it was. History writes of the changes are ignored. Returns how long each
    /// change took. Throws <see cref="MigrationFailedException"/> naming the change's script when one fails.
    /// </summary>
    Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken = default);
}
