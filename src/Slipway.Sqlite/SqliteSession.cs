using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Locking;

namespace Slipway.Sqlite;

/// <summary>
/// One SQLite connection. SQLite allows one writer per file: every change runs in <c>BEGIN IMMEDIATE</c>,
/// which waits (busy timeout) for other writers and then re-checks history inside the transaction,
/// so concurrent processes apply each migration exactly once without a separate lock.
/// </summary>
internal sealed partial class SqliteSession(SqliteConnection connection, HistoryTable table, TimeSpan busyTimeout) : IMigrationSession, IHistoryScanner
{
    private readonly SqliteHistorySql _sql = new(table);
    private readonly ImmediateLocker _locker = new(connection, busyTimeout);

    // Set while a C# migration's driver transaction is open: Microsoft.Data.Sqlite refuses a command
    // outside the connection's transaction object, so the history commands must name it too.
    private SqliteTransaction? _transaction;

    public Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default) =>
        HistoryCodec.ReadAllAsync(visit => ReadRowsAsync(includeDownScripts, visit, cancellationToken));

    public Task ScanHistoryAsync(Func<IHistoryRow, bool> visit, CancellationToken cancellationToken) =>
        ReadRowsAsync(false, visit, cancellationToken);

    private async Task ReadRowsAsync(bool includeDownScripts, Func<IHistoryRow, bool> visit, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _sql.Select(includeDownScripts);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (SqliteHistoryRow.ShapeError(reader, includeDownScripts, table, connection.DataSource) is { } foreign)
            {
                throw foreign;
            }

            var row = new SqliteHistoryRow(reader);
            while (await reader.ReadAsync(cancellationToken) && visit(row))
            {
            }
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // No history yet: no rows.
        }
        catch (Exception ex) when (ex is SqliteException { SqliteErrorCode: 1 } or FormatException or InvalidCastException or InvalidOperationException or OverflowException)
        {
            // A table of another shape: say what is wrong with it rather than how the query failed.
            throw (Exception?)await ShapeErrorAsync(cancellationToken) ?? ex;
        }
    }

    private async Task<ConfigurationException?> ShapeErrorAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql.Shape();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return HistoryShape.Check(table, connection.DataSource, columns, SqliteHistoryTypes.Accepts, SqliteHistoryTypes.Name);
    }

    public Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        _locker.LockAsync(wait, cancellationToken);

    public Task<LockAttempt> TryLockAsync(CancellationToken cancellationToken = default) =>
        _locker.TryLockAsync(cancellationToken);

    public Task WaitUntilFreeAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        _locker.WaitUntilFreeAsync(wait, cancellationToken);

    public async Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default) =>
        await ExecuteAsync(_sql.Create(), cancellationToken);

    public async Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var script = change.Record?.Script ?? "history change";
        await _locker.BeginAsync(cancellationToken);
        try
        {
            if (!await IsNeededAsync(change, cancellationToken))
            {
                await ExecuteAsync("ROLLBACK", cancellationToken);
                return false;
            }

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (!string.IsNullOrWhiteSpace(change.Sql))
            {
                await ExecuteAsync(change.Sql, cancellationToken);
            }

            var elapsed = clock.ElapsedMilliseconds;

            // A migration run statement by statement started with its first statement, not its last.
            if (change.ContinuesRow is { } previous && await ScalarAsync(_sql.StartedOf(previous), null, cancellationToken) is string first)
            {
                started = DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
                elapsed = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds;
            }
            if (change.RemoveIds.Count > 0)
            {
                await ExecuteAsync(_sql.DeleteIds(change.RemoveIds), cancellationToken);
            }

            if (change.Record is { } record)
            {
                await InsertAsync(record, started, elapsed, cancellationToken);
            }

            await ExecuteAsync("COMMIT", cancellationToken);
            return true;
        }
        catch (SqliteException ex)
        {
            await TryRollbackAsync();
            throw new MigrationFailedException(script, $"{script}: {ex.Message}");
        }
        catch
        {
            await TryRollbackAsync();
            throw;
        }
    }

    public async Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default)
    {
        // Autocommit: the statement is its own transaction (VACUUM needs exactly that). A transaction
        // left open would swallow every later statement and the progress rows, so it is refused.
        if (connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
        {
            throw new MigrationFailedException("statement", "the connection is inside a transaction; a non-transactional statement must run in autocommit mode");
        }

        try
        {
            await ExecuteAsync(sql, cancellationToken);
        }
        catch (SqliteException ex) when (ImmediateLocker.IsBusy(ex))
        {
            throw _locker.Timeout();
        }
        catch (SqliteException ex)
        {
            throw new MigrationFailedException("statement", $"{ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private async Task<bool> IsNeededAsync(ChangeSet change, CancellationToken cancellationToken)
    {
        if (change.RemoveIds.Count > 0)
        {
            // Replacing or removing exactly these rows (rollback, repair): their presence is the whole guard.
            return await ScalarAsync(_sql.CountIds(change.RemoveIds), null, cancellationToken) is long count && count == change.RemoveIds.Count;
        }

        return change.Record switch
        {
            { Kind: MigrationKind.Versioned, Success: true, Version: { } version } =>
                await ScalarAsync(_sql.IsApplied(), version.Text, cancellationToken) is not 1L,
            { Kind: MigrationKind.Repeatable, Checksum: { } checksum, Script: var name } =>
                !string.Equals(await ScalarAsync(_sql.LatestRepeatableChecksum(), name, cancellationToken) as string, checksum, StringComparison.Ordinal),
            { Kind: MigrationKind.Baseline, Checksum: not null } => await ScalarAsync(_sql.IsNew(), null, cancellationToken) is 1L,
            _ => true,
        };
    }

    private async Task<object?> ScalarAsync(string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = Command();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task InsertAsync(HistoryRecord record, DateTimeOffset started, long elapsedMs, CancellationToken cancellationToken)
    {
        await using var insert = Command();
        insert.CommandText = _sql.Insert();
        var values = HistoryCodec.Values(record, started, DateTimeOffset.UtcNow, elapsedMs, Environment.UserName);
        for (var i = 0; i < values.Count; i++)
        {
            insert.Parameters.AddWithValue(SqliteHistorySql.ParameterName(i), SqliteHistoryRow.Parameter(values[i]));
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteCommand Command()
    {
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        return command;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task TryRollbackAsync()
    {
        try
        {
            await ExecuteAsync("ROLLBACK", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (some errors end the transaction themselves).
        }
    }
}
