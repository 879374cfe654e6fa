using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway.Sqlite;

/// <summary>The SQLite provider: one connection per session; each migration in a <c>BEGIN IMMEDIATE</c> transaction.</summary>
public sealed class SqliteProvider : IMigrationProvider
{
    private readonly SqliteOptions _options;

    /// <summary>Creates the provider.</summary>
    public SqliteProvider(SqliteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string DisplayName => _options.DisplayName;

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <summary>How long a statement waits for another process's write lock on the file. Default 5 minutes.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new DatabaseUnreachableException($"Cannot open {DisplayName}: {ex.Message}. Check that the folder exists and is writable.", null, isTransient: false);
        }

        return new SqliteSession(connection, _options.HistoryTable, BusyTimeout);
    }
}
