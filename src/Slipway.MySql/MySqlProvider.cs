using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Slipway.Execution;
using Slipway.Sql;

namespace Slipway.MySql;

/// <summary>
/// The MySQL and MariaDB provider: one unpooled connection per session, a <c>GET_LOCK</c> session lock,
/// DML migrations in one transaction with their history row, DDL migrations statement by statement.
/// </summary>
public sealed class MySqlProvider : IMigrationProvider, ISchemaTools
{
    private readonly MySqlOptions _options;

    /// <summary>Creates the provider.</summary>
    public MySqlProvider(MySqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string DisplayName => _options.DisplayName;

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.MySql;

    /// <summary>Where the provider logs what it does on its own (e.g. who blocked a lock wait). Default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <inheritdoc />
    public async Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        var table = _options.HistoryTable;
        var name = GetLockLocker.NameFor(table.Schema ?? _options.Database, table.Name);
        var server = new Interruptible(connection, _options.ConnectionString);
        var locker = new GetLockLocker(server, name, _options.DisplayName, table.ToString());
        return new MySqlSession(server, _options, locker, IsMariaDb(connection), Logger);
    }

    /// <inheritdoc />
    public Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken = default) =>
        new MySqlSchemaTools(_options, this).CreateScratchAsync(cancellationToken);

    /// <inheritdoc />
    public Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        new MySqlSchemaTools(_options, this).SnapshotAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken = default) =>
        new MySqlSchemaTools(_options, this).ExecuteAndRollBackAsync(changes, cancellationToken);

    /// <summary>True for MariaDB, whose statement limit is <c>max_statement_time</c>; false for MySQL.</summary>
    internal static bool IsMariaDb(MySqlConnection connection) =>
        connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a connection; unreachable errors name the cause and never the password.</summary>
    internal async Task<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(_options.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is MySqlException or SocketException or TimeoutException or IOException or System.Security.Authentication.AuthenticationException)
        {
            await connection.DisposeAsync();
            throw MySqlErrors.Unreachable(ex, _options);
        }
    }
}
