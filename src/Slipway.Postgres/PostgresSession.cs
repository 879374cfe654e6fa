using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>One PostgreSQL connection used by the engine.</summary>
internal sealed class PostgresSession(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlDataSource side, PostgresOptions options, string applicationName, ILogger logger) : IMigrationSession
{
    private readonly PostgresHistorySql _sql = new(options.HistoryTable);
    private readonly HistoryTable _table = options.HistoryTable;
    private readonly string _displayName = options.DisplayName;
    private LeaseLock? _lease;
    private int? _pid;

    private bool IsLease => options.LockMode == PostgresLockMode.Lease;

    // client_connection_check_interval exists from PostgreSQL 14: with it a killed runner's backend
    // notices within a second and releases its locks, instead of at the end of its statement.
    private bool ClientCheck => connection.PostgreSqlVersion.Major >= 14;

    public async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = new NpgsqlCommand(_sql.Select(includeDownScripts), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!PostgresHistoryRow.Fits(reader, includeDownScripts))
            {
                await reader.DisposeAsync();
                throw (Exception?)await ShapeErrorAsync(cancellationToken) ?? new InvalidCastException("The history table's column types changed while it was read.");
            }

            var rows = new List<AppliedMigration>();
            var row = new PostgresHistoryRow(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(HistoryCodec.Read(row));
            }

            return rows;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return [];
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

    public async Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (IsLease)
        {
            try
            {
                _lease = await LeaseLock.AcquireAsync(connection, side, new LeaseSql(_table), options.LeaseDuration, wait, _displayName, cancellationToken);
                return _lease;
            }
            catch (Exception ex) when (ex is NpgsqlException)
            {
                throw PostgresErrors.PoolerOrTimeout(ex, "taking the migration lease") ?? PostgresErrors.Map(ex, connection, "the migration lease", null);
            }
        }

        var key = _sql.LockKey();
        if (ClientCheck)
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET client_connection_check_interval = {PostgresTimeouts.ClientCheckMs}"), cancellationToken);
        }

        // Waiters poll pg_try_advisory_lock instead of blocking in pg_advisory_lock: a statement that
        // blocks holds a snapshot, and a CREATE INDEX CONCURRENTLY run by the holder waits for every
        // older snapshot to end, a deadlock the server breaks by failing one of the runners (40P01).
        var clock = Stopwatch.StartNew();
        while (!await TryLockAsync(key, cancellationToken))
        {
            if (clock.Elapsed >= wait)
            {
                var holder = await DescribeHolderAsync(key, cancellationToken);
                throw new LockTimeoutException(
                    $"Another runner held the migration lock on {_displayName} ({_table}) for longer than {DurationText.Format(wait)}{holder}. Raise --lock-wait, or check that runner; a lock of a dead process is released with its connection.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 150)), cancellationToken);
        }

        return new AdvisoryLock(connection, key);
    }

    public async Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default)
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

    public Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return IsLease ? ApplyLeasedAsync(change, cancellationToken) : ApplyPipelinedAsync(change, cancellationToken);
    }

    /// <summary>
    /// The whole change in one round trip: BEGIN, the transaction's limits, the guard, the migration's
    /// statements, the history writes and COMMIT go to the server as one pipelined batch. The first
    /// error makes the server skip everything after it, so nothing of a failed change commits.
    /// </summary>
    private async Task<bool> ApplyPipelinedAsync(ChangeSet change, CancellationToken cancellationToken)
    {
        var script = change.Record?.Script ?? "history change";
        LockWatchdog? watchdog = null;
        NpgsqlBatchCommand? guard = null;
        try
        {
            // A session-mode connection keeps its backend: one query per run, not per migration.
            _pid ??= await BackendPidAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            AddLimits(batch, change.Settings);
            guard = Guard(change);
            if (guard is not null)
            {
                batch.BatchCommands.Add(guard);
            }

            if (!string.IsNullOrWhiteSpace(change.Sql))
            {
                PostgresScript.AddStatements(batch, change.Sql, change.Statements);
            }

            if (change.RemoveIds.Count > 0)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.DeleteIds(change.RemoveIds)));
            }

            if (change.Record is { } record)
            {
                batch.BatchCommands.Add(InsertCommand(record, started: null, elapsedMs: null));
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            watchdog = string.IsNullOrWhiteSpace(change.Sql) ? null : LockWatchdog.Start(side, _pid, applicationName, change.Settings.LockTimeout);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (StoppedBy(guard, ex))
        {
            await RollbackQuietlyAsync();
            return false;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await DisposeWatchdogAsync(watchdog);
            await RollbackQuietlyAsync();
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
        }
    }

    private void AddLimits(NpgsqlBatch batch, ExecutionSettings settings)
    {
        foreach (var statement in PostgresTimeouts.SetLocal(settings, ClientCheck))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }
    }

    private static bool StoppedBy(NpgsqlBatchCommand? guard, PostgresException ex) =>
        guard is not null && ReferenceEquals(ex.BatchCommand, guard) && ex.SqlState == PostgresErrorCodes.DivisionByZero;

    // The statement that fails (22012) when the change is no longer needed: another runner applied it.
    private NpgsqlBatchCommand? Guard(ChangeSet change) => change switch
    {
        // Replacing or removing exactly these rows (rollback, repair): their presence is the whole guard.
        { RemoveIds.Count: > 0 } => new NpgsqlBatchCommand(_sql.GuardIdsPresent(change.RemoveIds)),
        { Record: { Kind: MigrationKind.Versioned, Success: true, Version: { } version } } =>
            new NpgsqlBatchCommand(_sql.GuardNotApplied()) { Parameters = { new() { Value = version.Text } } },
        { Record: { Kind: MigrationKind.Repeatable, Checksum: { } checksum, Script: var name } } =>
            new NpgsqlBatchCommand(_sql.GuardRepeatableChanged()) { Parameters = { new() { Value = name }, new() { Value = checksum } } },
        _ => null,
    };

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

    /// <summary>Lease mode: the lease is renewed inside the migration's transaction, in separate round trips.</summary>
    private async Task<bool> ApplyLeasedAsync(ChangeSet change, CancellationToken cancellationToken)
    {
        var script = change.Record?.Script ?? "history change";
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        LockWatchdog? watchdog = null;
        try
        {
            var pid = await PrepareAsync(change, cancellationToken);
            if (pid is null)
            {
                // The guard stopped it and aborted the transaction: still say so if the lease is gone.
                await transaction.RollbackAsync(cancellationToken);
                if (_lease is not null)
                {
                    await _lease.RenewInTransactionAsync(cancellationToken);
                }

                return false;
            }

            if (_lease is not null)
            {
                await _lease.RenewInTransactionAsync(cancellationToken);
            }

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (!string.IsNullOrWhiteSpace(change.Sql))
            {
                watchdog = LockWatchdog.Start(side, pid, applicationName, change.Settings.LockTimeout);
                await PostgresScript.ExecuteAsync(connection, change.Sql, change.Statements, cancellationToken);
                await DisposeWatchdogAsync(watchdog);
                watchdog = null;
            }

            var elapsed = clock.ElapsedMilliseconds;
            if (change.RemoveIds.Count > 0)
            {
                await ExecuteAsync(_sql.DeleteIds(change.RemoveIds), cancellationToken);
            }

            if (change.Record is { } record)
            {
                await InsertAsync(record, started, elapsed, cancellationToken);
            }

            if (_lease is not null)
            {
                // Renewed again at the end so the lease is fresh after a long migration commits.
                await _lease.RenewInTransactionAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await DisposeWatchdogAsync(watchdog);
            await TryRollbackAsync(transaction);
            // The migration's own statements have no client timeout: a timeout is one of Slipway's short statements.
            throw LockTimeoutOrNull(ex, watchdog, script) ?? PostgresErrors.PoolerOrTimeout(ex, "applying " + script) ?? PostgresErrors.Map(ex, connection, script, change.Sql);
        }
        finally
        {
            await DisposeWatchdogAsync(watchdog);
        }
    }

    public async Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_lease is { IsLost: true })
        {
            await _lease.RenewInTransactionAsync(cancellationToken);
        }

        LockWatchdog? watchdog = null;
        try
        {
            if (IsLease)
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
        await connection.DisposeAsync();
        await dataSource.DisposeAsync();
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

    // One round trip: the transaction's timeouts, the backend's pid (from the server: behind a pooler it
    // is the real one for this transaction, which the lock watchdog needs) and the guard. Null when the
    // guard stopped the change: it is no longer needed.
    private async Task<int?> PrepareAsync(ChangeSet change, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        AddLimits(batch, change.Settings);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_backend_pid()"));
        var guard = Guard(change);
        if (guard is not null)
        {
            batch.BatchCommands.Add(guard);
        }

        try
        {
            int? pid = null;
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                if (reader.FieldCount > 0 && pid is null && await reader.ReadAsync(cancellationToken))
                {
                    pid = reader.GetInt32(0);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));

            return pid;
        }
        catch (PostgresException ex) when (StoppedBy(guard, ex))
        {
            return null;
        }
    }

    private async Task InsertAsync(HistoryRecord record, DateTimeOffset started, long elapsedMs, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { InsertCommand(record, started, elapsedMs) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // Timings the record and the caller leave open are taken on the server: the transaction's start
    // and the moment the row is written.
    private NpgsqlBatchCommand InsertCommand(HistoryRecord record, DateTimeOffset? started, long? elapsedMs)
    {
        var insert = new NpgsqlBatchCommand(_sql.Insert());
        var values = HistoryCodec.Values(record, started, started is null ? null : DateTimeOffset.UtcNow, elapsedMs, appliedBy: null);
        for (var i = 0; i < values.Count; i++)
        {
            insert.Parameters.Add(values[i] is { } value
                ? new NpgsqlParameter { Value = value }
                : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = PostgresHistoryTypes.DbType(HistoryCodec.Written[i].Type) });
        }

        return insert;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, TimeSpan? clientTimeout = null)
    {
        var seconds = clientTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : 0;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = seconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> TryLockAsync(long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_try_advisory_lock({key})"), connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<string> DescribeHolderAsync(long key, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'), now() - a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1
            """;
        try
        {
            await using var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = key } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? string.Create(CultureInfo.InvariantCulture, $"; holder: pid {reader.GetInt32(0)}, application '{reader.GetString(1)}', client {reader.GetString(2)}")
                : string.Empty;
        }
        catch (NpgsqlException)
        {
            return string.Empty;
        }
    }

    private static async Task TryRollbackAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone; the server rolled the transaction back itself.
        }
    }
}
