using Microsoft.Extensions.Logging;
using MySqlConnector;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.History;
using Slipway.Locking;
using Slipway.Sql;

namespace Slipway.MySql;

/// <summary>
/// One MySQL/MariaDB connection used by the engine. Each change is one round trip (see
/// <see cref="MySqlChangeBatch"/>); the lock is the session's <c>GET_LOCK</c>.
/// </summary>
internal sealed class MySqlSession(Interruptible server, MySqlOptions options, ISessionLocker locker, bool mariaDb, ILogger logger) : IMigrationSession, IKnowsInsertedId, IHistoryScanner
{
    private readonly MySqlConnection _connection = server.Connection;
    private readonly MySqlHistorySql _sql = new(options.HistoryTable);
    private readonly HistoryTable _table = options.HistoryTable;
    private readonly string _displayName = options.DisplayName;

    public long? LastInsertedId { get; private set; }

    public Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default) =>
        HistoryCodec.ReadAllAsync(visit => ReadRowsAsync(includeDownScripts, visit, cancellationToken));

    public Task ScanHistoryAsync(Func<IHistoryRow, bool> visit, CancellationToken cancellationToken) =>
        ReadRowsAsync(false, visit, cancellationToken);

    private async Task ReadRowsAsync(bool includeDownScripts, Func<IHistoryRow, bool> visit, CancellationToken cancellationToken)
    {
        try
        {
            await server.RunAsync(async () =>
            {
                await using var command = new MySqlCommand(_sql.Select(includeDownScripts), _connection);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                var row = new MySqlHistoryRow(reader);
                while (await reader.ReadAsync(CancellationToken.None) && visit(row))
                {
                }
            }, cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.UnknownDatabase)
        {
            // No history yet: no rows.
        }
        catch (Exception ex) when (ex is MySqlException { ErrorCode: MySqlErrorCode.BadFieldError } or InvalidCastException or FormatException or OverflowException)
        {
            // A table of another shape: say what is wrong with it rather than how the query failed.
            throw (Exception?)await ShapeErrorAsync(cancellationToken) ?? ex;
        }
        catch (MySqlException ex) when (MySqlErrors.IsConnectionLoss(ex, _connection))
        {
            throw new ConnectionLostException($"Database connection to {_displayName} lost while reading history.", ex);
        }
    }

    private async Task<ConfigurationException?> ShapeErrorAsync(CancellationToken cancellationToken)
    {
        var columns = await server.RunAsync(async () =>
        {
            await using var command = new MySqlCommand(MySqlHistorySql.Shape, _connection);
            command.Parameters.AddWithValue("@schema", (object?)_table.Schema ?? DBNull.Value);
            command.Parameters.AddWithValue("@table", _table.Name);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            var columns = new List<(string, string)>();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }, cancellationToken);
        return HistoryShape.Check(_table, _displayName, columns, MySqlHistoryTypes.Accepts, MySqlHistoryTypes.Name);
    }

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        locker.LockAsync(wait, cancellationToken);

    public Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default) =>
        locker.TryLockAsync(cancellationToken);

    public Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        locker.WaitUntilFreeAsync(wait, cancellationToken);

    public async Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default)
    {
        await server.RunAsync(async () =>
        {
            await using var command = new MySqlCommand(_sql.Create(), _connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, cancellationToken);

        // A table of the same name made by another tool survives CREATE TABLE IF NOT EXISTS: check it now,
        // before any migration runs, and name what is wrong with it.
        if (await ShapeErrorAsync(cancellationToken) is { } foreign)
        {
            throw foreign;
        }
    }

    public async Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        LastInsertedId = null;
        await locker.EnsureHeldAsync(cancellationToken);
        var script = change.Record?.Script ?? "history change";
        var statements = change.Statements ?? (string.IsNullOrWhiteSpace(change.Sql) ? [] : SqlSplitter.Split(change.Sql, SqlDialect.MySql));
        var commits = statements.Any(s => TransactionRules.CommitsImplicitly(s, SqlDialect.MySql) is not null);
        var batch = MySqlChangeBatch.Build(server, _sql, change, statements, commits, mariaDb);
        await using (batch.Batch)
        {
            MySqlException? error;
            try
            {
                error = await batch.ExecuteAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await RollbackQuietlyAsync();
                throw;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or InvalidOperationException)
            {
                await RollbackQuietlyAsync();
                throw MySqlErrors.Map(ex, _connection, script);
            }

            if (error is null)
            {
                LastInsertedId = batch.InsertedId;
                return true;
            }

            await RollbackQuietlyAsync();
            if (await batch.StoppedByAsync(error, cancellationToken))
            {
                return false;
            }

            if (MySqlErrors.IsLockWait(error))
            {
                throw await LockWaitAsync(error, script, change.Settings);
            }

            throw MySqlErrors.Map(error, _connection, script);
        }
    }

    public async Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await locker.EnsureHeldAsync(cancellationToken);
        await using var batch = new MySqlBatch(_connection)
        {
            Timeout = 0,
            BatchCommands = { new MySqlBatchCommand(MySqlTimeouts.Set(settings, mariaDb)), new MySqlBatchCommand(sql) },
        };
        try
        {
            await server.RunAsync(() => batch.ExecuteNonQueryAsync(CancellationToken.None), cancellationToken);
        }
        catch (MySqlException ex) when (MySqlErrors.IsLockWait(ex))
        {
            throw await LockWaitAsync(ex, "statement", settings);
        }
        catch (Exception ex) when (ex is MySqlException or IOException)
        {
            throw MySqlErrors.Map(ex, _connection, "statement");
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<TableLockTimeoutException> LockWaitAsync(MySqlException error, string script, ExecutionSettings settings)
    {
        var blockers = await MySqlBlockers.DescribeAsync(_connection);
        Log.LockWait(logger, script, error.Number, blockers ?? "unknown");
        var limit = settings.LockTimeout is { } t ? DurationTextOf(t) : "the server's lock wait limit";
        var what = error.ErrorCode == MySqlErrorCode.LockDeadlock ? "was chosen as a deadlock victim" : $"waited longer than {limit} for a lock";
        return new TableLockTimeoutException(script, $"{script} {what} ({error.Number} {error.Message}).", blockers, error);
    }

    private static string DurationTextOf(TimeSpan value) => Discovery.DurationText.Format(value);

    // After a failed or cancelled batch a transaction may be open: end it so the session can go on. A
    // connection that is gone has already been rolled back by the server.
    private async Task RollbackQuietlyAsync()
    {
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = new MySqlCommand("ROLLBACK", _connection);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is MySqlException or InvalidOperationException or IOException)
        {
            // Broken connection: nothing to roll back on this side.
        }
    }
}
