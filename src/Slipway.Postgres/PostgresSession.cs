using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.History;
using Slipway.Locking;

namespace Slipway.Postgres;

/// <summary>
/// One PostgreSQL connection used by the engine. The lock kind is its <see cref="IPostgresLocker"/>; the
/// session runs every change the same way, as one pipelined batch.
/// </summary>
/// <remarks>
/// <paramref name="release"/> ends the session's hold on the connection: closes it, or gives it back to a
/// fleet's pool. A pooled session knows its backend's pid from the start (<paramref name="pid"/>) and, with
/// <paramref name="deferCreate"/>, creates a history table it found missing inside the first change's
/// transaction rather than in a transaction of its own: one commit less per new tenant, and a first
/// migration that fails leaves no history table behind.
/// </remarks>
internal sealed class PostgresSession(IAsyncDisposable release, NpgsqlConnection connection, SideConnections side, IPostgresLocker locker, PostgresOptions options, string applicationName, ILogger logger, int? pid = null, bool deferCreate = false) : IMigrationSession, ICodeMigrationSession, IHistoryScanner
{
    private bool _historyMissing;
    private bool _createPending;
    private readonly PostgresHistorySql _sql = new(options.HistoryTable);
    private readonly HistoryTable _table = options.HistoryTable;
    private readonly string _displayName = options.DisplayName;
    private int? _pid = pid;

    // client_connection_check_interval exists from PostgreSQL 14: with it a killed runner's backend
    // notices within a second and releases its locks, instead of at the end of its statement.
    private bool ClientCheck => connection.PostgreSqlVersion.Major >= 14;

    public Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default) =>
        HistoryCodec.ReadAllAsync(visit => ReadRowsAsync(includeDownScripts, visit, cancellationToken));

    public Task ScanHistoryAsync(Func<IHistoryRow, bool> visit, CancellationToken cancellationToken) =>
        ReadRowsAsync(false, visit, cancellationToken);

    private async Task ReadRowsAsync(bool includeDownScripts, Func<IHistoryRow, bool> visit, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(_sql.Select(includeDownScripts), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (PostgresHistoryRow.ShapeError(reader, includeDownScripts, _table, _displayName) is { } foreign)
            {
                throw foreign;
            }

            var row = new PostgresHistoryRow(reader);
            while (await reader.ReadAsync(cancellationToken) && visit(row))
            {
            }

            _historyMissing = false;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            _historyMissing = !_createPending;
        }
        catch (Exception ex) when (ex is PostgresException { SqlState: PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.DatatypeMismatch or PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.UndefinedFunction } or InvalidCastException)
        {
            // A table of another shape: say what is wrong with it rather than how the query failed.
            throw (Exception?)await ShapeErrorAsync(cancellationToken) ?? ex;
        }
        catch (Exception ex) when (ex is NpgsqlException && PostgresErrors.PoolerOrTimeout(ex, "reading the history") is { } pool)
        {
            throw pool;
        }
        catch (Exception ex) when (ex is NpgsqlException && PostgresErrors.IsConnectionLoss(ex, connection))
        {
            throw new ConnectionLostException($"Database connection to {_displayName} lost while reading history.");
        }
    }

    private async Task<ConfigurationException?> ShapeErrorAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PostgresHistorySql.Shape, connection) { Parameters = { new() { Value = _table.Quoted } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return HistoryShape.Check(_table, _displayName, columns, PostgresHistoryTypes.Accepts, PostgresHistoryTypes.Name);
    }

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        locker.LockAsync(wait, cancellationToken);

    public Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default) =>
        locker.TryLockAsync(cancellationToken);

    public Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        locker.WaitUntilFreeAsync(wait, cancellationToken);

    public async Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default)
    {
        if (deferCreate && (_historyMissing || _createPending))
        {
            _createPending = true;
            return;
        }

        await CreateHistoryTableAsync(cancellationToken);
    }

    // A change that cannot carry the creation in its own batch (a C# migration, a statement outside a transaction) creates it first.
    private async Task CreatePendingHistoryTableAsync(CancellationToken cancellationToken)
    {
        if (_createPending)
        {
            await CreateHistoryTableAsync(cancellationToken);
            _createPending = false;
        }
    }

    private async Task CreateHistoryTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(_sql.Create(), cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            throw PostgresErrors.PoolerOrTimeout(ex, "creating the history table") ?? PostgresErrors.Map(ex, connection, "the history table", _sql.Create());
        }
    }

    /// <summary>The whole change in one round trip: see <see cref="PostgresChangeBatch"/>.</summary>
    public async Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await locker.EnsureHeldAsync(cancellationToken);
        var script = change.Record?.Script ?? "history change";
        LockWatchdog? watchdog = null;
        PostgresChangeBatch? batch = null;
        try
        {
            // A connection of its own keeps its backend: one query per run, not per migration. Behind a
            // transaction pooler the watchdog finds the backend by this session's application_name.
            int? pid = locker.OwnsConnection ? _pid ??= await BackendPidAsync(cancellationToken) : null;
            batch = PostgresChangeBatch.Build(connection, _sql, locker, change, ClientCheck, _createPending);
            watchdog = string.IsNullOrWhiteSpace(change.Sql) ? null : LockWatchdog.Start(side, pid, applicationName, change.Settings.LockTimeout);
            await batch.Batch.ExecuteNonQueryAsync(cancellationToken);
            _createPending = false;
            return true;
        }
        catch (PostgresException ex) when (batch is not null && batch.StoppedBy(ex))
        {
            await RollbackQuietlyAsync();
            return false;
        }
        catch (PostgresException ex) when (locker.LostBy(ex) is { } lost)
        {
            await RollbackQuietlyAsync();
            throw lost;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await DisposeWatchdogAsync(watchdog);
            await RollbackQuietlyAsync();
            // The migration's own statements have no client timeout: a timeout is one of Slipway's short statements.
            throw LockTimeoutOrNull(ex, watchdog, script) ?? PostgresErrors.PoolerOrTimeout(ex, "applying " + script) ?? PostgresErrors.Map(ex, connection, script, change.Sql);
        }
        catch (OperationCanceledException)
        {
            await DisposeWatchdogAsync(watchdog);
            await RollbackQuietlyAsync();
            throw;
        }
        finally
        {
            await DisposeWatchdogAsync(watchdog);
            if (batch is not null)
            {
                await batch.Batch.DisposeAsync();
            }
        }
    }

    /// <summary>A C# migration's change: see <see cref="PostgresCodeChange"/>.</summary>
    public async Task<bool> ApplyCodeAsync(ChangeSet change, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task> code, CancellationToken cancellationToken = default)
    {
        await CreatePendingHistoryTableAsync(cancellationToken);
        return await PostgresCodeChange.ApplyAsync(connection, _sql, locker, ClientCheck, change, code, cancellationToken);
    }

    private async Task<int> BackendPidAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // After a failed or cancelled batch the transaction is aborted (or was never begun): end it so the
    // session can go on. A connection that is gone has already been rolled back by the server.
    private async Task RollbackQuietlyAsync()
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync("ROLLBACK", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken connection: nothing to roll back on this side.
        }
    }

    public async Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await locker.EnsureHeldAsync(cancellationToken);
        await CreatePendingHistoryTableAsync(cancellationToken);

        LockWatchdog? watchdog = null;
        try
        {
            if (!locker.OwnsConnection)
            {
                // Behind a transaction pooler a session SET could land on another server connection and
                // leak to other clients: no session state at all. The watchdog (which finds the backend by
                // this session's unique application_name) enforces the lock timeout, the command timeout
                // the statement timeout.
                await InvalidIndexRepair.BeforeAsync(connection, sql, logger, cancellationToken);
                watchdog = LockWatchdog.Start(side, null, applicationName, settings.LockTimeout);
                await PostgresScript.ExecuteStatementAsync(connection, sql, cancellationToken, settings.StatementTimeout);
            }
            else
            {
                await ExecuteAsync(PostgresTimeouts.SetSession(settings), cancellationToken);
                await InvalidIndexRepair.BeforeAsync(connection, sql, logger, cancellationToken);
                watchdog = LockWatchdog.Start(side, connection.ProcessID, applicationName, settings.LockTimeout);
                await PostgresScript.ExecuteStatementAsync(connection, sql, cancellationToken);
                await DisposeWatchdogAsync(watchdog);
                watchdog = null;
                await ExecuteAsync("RESET lock_timeout; RESET statement_timeout", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await DisposeWatchdogAsync(watchdog);
            throw LockTimeoutOrNull(ex, watchdog, "statement") ?? PostgresErrors.Map(ex, connection, "statement", sql);
        }
        finally
        {
            await DisposeWatchdogAsync(watchdog);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await release.DisposeAsync();
        await side.DisposeAsync();
    }

    private static TableLockTimeoutException? LockTimeoutOrNull(Exception ex, LockWatchdog? watchdog, string script)
    {
        var byServer = ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };
        var byWatchdog = ex is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } && watchdog is { CancelledForLock: true };
        if (!byServer && !byWatchdog)
        {
            return null;
        }

        var how = byServer ? "lock_timeout" : "its lock timeout (enforced by Slipway: the migration had changed lock_timeout)";
        return new TableLockTimeoutException(script, $"{script} waited longer than {how} for a table lock (SQLSTATE 55P03).", watchdog?.Blockers, ex);
    }

    private static async ValueTask DisposeWatchdogAsync(LockWatchdog? watchdog)
    {
        if (watchdog is not null)
        {
            await watchdog.DisposeAsync();
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, TimeSpan? clientTimeout = null)
    {
        var seconds = clientTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : 0;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = seconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
