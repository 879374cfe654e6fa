using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Slipway.Execution;
using Slipway.Sql;

namespace Slipway.Postgres;

/// <summary>
/// The PostgreSQL provider: one unpooled connection per session (in a fleet run, one borrowed from the
/// run's pool of that server), a session advisory lock, transactional DDL.
/// </summary>
public sealed class PostgresProvider : IMigrationProvider, ISchemaTools, ISchemaScripter, IDriftLog, IFleetProvider
{
    private readonly PostgresOptions _options;
    private string? _serverKey;

    /// <summary>Creates the provider.</summary>
    public PostgresProvider(PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string DisplayName => _options.DisplayName;

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.PostgreSql;

    /// <inheritdoc />
    public string ServerKey => _serverKey ??= new NpgsqlConnectionStringBuilder(_options.ConnectionString) is var b
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{b.Host}:{b.Port}")
        : string.Empty;

    internal PostgresOptions Options => _options;

    /// <summary>Where the provider logs what it does on its own (e.g. rebuilding an invalid index). Default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <inheritdoc />
    public async Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_options.SharedConnections is { } shared && _options.LockMode == PostgresLockMode.Advisory)
        {
            return await PooledSession.OpenAsync(this, shared, cancellationToken);
        }

        var unique = _options.LockMode == PostgresLockMode.Lease ? "-" + Guid.NewGuid().ToString("N")[..8] : null;
        var applicationName = "slipway";
        var dataSource = Build(_options.ConnectionString, main =>
        {
            if (unique is not null)
            {
                // Unique, so the watchdog can find this session's backend behind a transaction pooler.
                main.ApplicationName = (main.ApplicationName ?? "slipway") + unique;
            }
            else
            {
                // Startup options are the session's defaults: RESET/RESET ALL in a migration returns to them.
                main.Options = (main.Options is { Length: > 0 } given ? given + " " : string.Empty) + PostgresTimeouts.StartupOptions(_options.SessionDefaults);
            }

            applicationName = main.ApplicationName ?? applicationName;
        });
        var sideSource = new SideConnections(() => Build(_options.ConnectionString, side => side.ApplicationName = "slipway-watchdog"));
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            IPostgresLocker locker = _options.LockMode == PostgresLockMode.Lease
                ? new LeaseLocker(connection, sideSource, _options.HistoryTable, _options.LeaseDuration, _options.DisplayName)
                : new AdvisoryLocker(connection, _options.HistoryTable, _options.DisplayName, Logger);
            return new PostgresSession(new OwnedConnection(connection, dataSource), connection, sideSource, locker, _options, applicationName, Logger);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            await sideSource.DisposeAsync();
            throw PostgresErrors.Unreachable(ex, _options);
        }
    }

    /// <inheritdoc />
    public Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken = default) =>
        new PostgresSchemaTools(_options, this).CreateScratchAsync(cancellationToken);

    /// <inheritdoc />
    public Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        new PostgresSchemaTools(_options, this).SnapshotAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken = default) =>
        new PostgresSchemaTools(_options, this).ExecuteAndRollBackAsync(changes, cancellationToken);

    /// <inheritdoc />
    public Task<string> ScriptAsync(CancellationToken cancellationToken = default) =>
        PostgresScripter.ScriptAsync(_options, cancellationToken);

    /// <inheritdoc />
    public Task RecordAsync(DriftCheck check, CancellationToken cancellationToken = default) =>
        new PostgresDriftLog(_options, this).RecordAsync(check, cancellationToken);

    /// <inheritdoc />
    public Task<DriftCheck?> ReadLatestAsync(CancellationToken cancellationToken = default) =>
        new PostgresDriftLog(_options, this).ReadLatestAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<History.AppliedMigration>?>> ReadHistoriesAsync(IReadOnlyList<IMigrationProvider> targets, CancellationToken cancellationToken = default) =>
        PostgresFleetReader.ReadAsync(this, targets, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> QueryColumnAsync(string sql, CancellationToken cancellationToken = default)
    {
        var (dataSource, connection) = await OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            return await PostgresQuery.ColumnAsync(connection, sql, _options.DisplayName, cancellationToken);
        }
    }

    /// <summary>Opens a bare connection (and its data source) for the schema tools; unreachable errors as for sessions.</summary>
    internal Task<(NpgsqlDataSource DataSource, NpgsqlConnection Connection)> OpenConnectionAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(_options.ConnectionString, cancellationToken);

    /// <summary>Opens a bare connection with another connection string of this provider's server (a fleet's read).</summary>
    internal async Task<(NpgsqlDataSource DataSource, NpgsqlConnection Connection)> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var dataSource = Build(connectionString, _ => { });
        try
        {
            return (dataSource, await dataSource.OpenConnectionAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            throw PostgresErrors.Unreachable(ex, _options);
        }
    }

    // One parse of the connection string per data source: the builder's own string builder is adjusted.
    // The slim builder keeps the NativeAOT binary small; TLS must be asked for explicitly. Slipway only
    // reads built-in types and never decodes a migration's results: skipping Npgsql's type-loading query
    // saves a round trip and a catalog scan on every run, a large part of a no-op run. The failed
    // command of a batch says which statement of a migration failed (for its line number) and whether
    // it was the guard of a change that another runner already made.
    internal static NpgsqlDataSource Build(string connectionString, Action<NpgsqlConnectionStringBuilder> configure)
    {
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.IncludeFailedBatchedCommand = true;
        configure(builder.ConnectionStringBuilder);
        return builder
            .EnableTransportSecurity()
            .ConfigureTypeLoading(types => types.EnableTypeLoading(false))
            .Build();
    }
}
