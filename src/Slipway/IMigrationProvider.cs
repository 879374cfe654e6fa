using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway;

/// <summary>
/// A database Slipway can migrate. This and <see cref="IMigrationSession"/> are all a provider
/// implements; ordering, checksums, validation, phases, dry runs and retries live in the engine.
/// </summary>
/// <remarks>
/// How to write a provider: keep it dumb. Pass the shared conformance suite
/// (<c>tests/Slipway.Conformance</c>) by inheriting it in your test project.
/// </remarks>
public interface IMigrationProvider
{
    /// <summary>
    /// The target for messages with any password removed, e.g. <c>postgresql://app@db:5432/shop</c>.
    /// </summary>
    string DisplayName { get; }

    /// <summary>
    /// The SQL dialect of this database: how the engine splits non-transactional migrations into
    /// statements and which statements it knows cannot run inside a transaction.
    /// </summary>
    SqlDialect Dialect { get; }

    /// <summary>
    /// Opens a session (one connection). Throws <see cref="DatabaseUnreachableException"/> when the
    /// server cannot be reached; mark it non-transient when waiting cannot help (bad password).
    /// Messages never contain the password.
    /// </summary>
    Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// True when opening a session can create the database (an SQLite file). The engine then reads the
    /// migrations before it opens one, so a missing or unreadable folder never leaves a new database
    /// behind; otherwise it reads them while the connection opens.
    /// </summary>
    bool OpenCanCreateDatabase => false;
}
