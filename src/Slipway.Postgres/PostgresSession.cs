using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>One PostgreSQL connection used by the engine.</summary>
internal sealed class PostgresSession(NpgsqlDataSource dataSource, NpgsqlConnection connection, HistoryTable table, string displayName, ILogger logger) : IMigrationSession
{
    private readonly PostgresHistorySql _sql = new(table);

    public async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(bool includeDownScripts, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = new NpgsqlCommand(_sql.Select(includeDownScripts), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<AppliedMigration>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new AppliedMigration
                {
                    Id = reader.GetInt64(0),
                    Version = reader.IsDBNull(1) ? null : MigrationVersion.TryParse(reader.GetString(1)),
                    Description = reader.GetString(2),
                    Kind = KindNames.ParseKind(reader.GetString(3)),
                    Script = reader.GetString(4),
                    Checksum = reader.IsDBNull(5) ? null : reader.GetString(5),
                    ChecksumAlgorithm = reader.GetInt32(6),
                    Phase = KindNames.TryParsePhase(reader.GetString(7)) ?? MigrationPhase.PreDeploy,
                    AppliedBy = reader.GetString(8),
                    Host = reader.IsDBNull(9) ? null : reader.GetString(9),
                    AppVersion = reader.IsDBNull(10) ? null : reader.GetString(10),
                    StartedAt = reader.GetFieldValue<DateTimeOffset>(11),
                    FinishedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                    ExecutionMs = reader.GetInt64(13),
                    Success = reader.GetBoolean(14),
                    StatementsDone = reader.GetInt32(15),
                    BackupFile = reader.IsDBNull(16) ? null : reader.GetString(16),
                    Note = reader.IsDBNull(17) ? null : reader.GetString(17),
                    DownScript = reader.IsDBNull(18) ? null : reader.GetString(18),
                });
            }

            return rows;
        }
        catch (PostgresException ex) when (ex.SqlState is "42P01" or "3F000")
        {
            return [];
        }
        catch (Exception ex) when (ex is NpgsqlException && PostgresErrors.IsConnectionLoss(ex, connection))
        {
            throw new ConnectionLostException($"Database connection to {displayName} lost while reading history.");
        }
    }

    public async Task<IAsyncDisposable> LockAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var key = _sql.LockKey();
        var ms = Math.Max(1, (long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        try
        {
            // lock_timeout bounds the wait on the advisory lock; it is reset before any migration runs.
            await ExecuteAsync($"SET lock_timeout = {ms}; SELECT pg_advisory_lock({key}); RESET lock_timeout", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == "55P03")
        {
            await ExecuteAsync("RESET lock_timeout", cancellationToken);
            var holder = await DescribeHolderAsync(key, cancellationToken);
            throw new LockTimeoutException(
                $"Another runner held the migration lock on {displayName} ({table}) for longer than {DurationText.Format(wait)}{holder}. Raise --lock-wait, or check that runner; a lock of a dead process is released with its connection.");
        }

        return new AdvisoryLock(connection, key);
    }

    public Task EnsureHistoryTableAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(_sql.Create(), cancellationToken);

    public async Task<bool> ApplyAsync(ChangeSet change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var script = change.Record?.Script ?? "history change";
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (!await IsNeededAsync(change, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (!string.IsNullOrWhiteSpace(change.Sql))
            {
                await PostgresScript.ExecuteAsync(connection, change.Sql, cancellationToken);
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

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await TryRollbackAsync(transaction);
            throw PostgresErrors.Map(ex, connection, script, change.Sql);
        }
    }

    public async Task ExecuteNonTransactionalAsync(string sql, ExecutionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            await ExecuteAsync(TimeoutSql(settings, local: false), cancellationToken);
            await InvalidIndexRepair.BeforeAsync(connection, sql, logger, cancellationToken);
            await PostgresScript.ExecuteStatementAsync(connection, sql, cancellationToken);
            await ExecuteAsync("RESET lock_timeout; RESET statement_timeout", cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            throw PostgresErrors.Map(ex, connection, "statement", sql);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private static string TimeoutSql(ExecutionSettings settings, bool local) => string.Join("; ", TimeoutStatements(settings, local));

    private static string[] TimeoutStatements(ExecutionSettings settings, bool local)
    {
        var scope = local ? "SET LOCAL" : "SET";
        var lockMs = settings.LockTimeout is { } l ? (long)l.TotalMilliseconds : 0;
        var statementMs = settings.StatementTimeout is { } s ? (long)s.TotalMilliseconds : 0;
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"{scope} lock_timeout = {lockMs}"),
            string.Create(CultureInfo.InvariantCulture, $"{scope} statement_timeout = {statementMs}"),
        ];
    }

    // Sets the transaction's timeouts and runs the guard in the same round trip: one fewer per migration.
    private async Task<bool> IsNeededAsync(ChangeSet change, CancellationToken cancellationToken)
    {
        var timeouts = TimeoutStatements(change.Settings, local: true);
        if (change.RemoveIds.Count > 0)
        {
            await ExecuteAsync(string.Join("; ", timeouts), cancellationToken);
            timeouts = [];
            await using var count = new NpgsqlCommand(_sql.CountIds(change.RemoveIds), connection);
            // Replacing or removing exactly these rows (rollback, repair): their presence is the whole guard.
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == change.RemoveIds.Count;
        }

        switch (change.Record)
        {
            case { Kind: MigrationKind.Versioned, Success: true, Version: { } version }:
                return !(bool)(await ScalarAsync(timeouts, _sql.IsApplied(), version.Text, cancellationToken) ?? false);
            case { Kind: MigrationKind.Repeatable, Checksum: { } checksum, Script: var name }:
                return !string.Equals(await ScalarAsync(timeouts, _sql.LatestRepeatableChecksum(), name, cancellationToken) as string, checksum, StringComparison.Ordinal);
            default:
                if (timeouts.Length > 0)
                {
                    await ExecuteAsync(string.Join("; ", timeouts), cancellationToken);
                }

                return true;
        }
    }

    // The statements in `setup` run first in the same batch (NpgsqlBatch: one round trip); they return
    // no rows, so the value is the first row of the first result that has columns.
    private async Task<object?> ScalarAsync(string[] setup, string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in setup)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = parameter } } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken))
            {
                return reader.IsDBNull(0) ? null : reader.GetValue(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return null;
    }

    private async Task InsertAsync(HistoryRecord record, DateTimeOffset started, long elapsedMs, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(_sql.Insert(), connection);
        object?[] values =
        [
            record.Version?.Text, record.Description, record.Kind.ToText(), record.Script, record.Checksum,
            record.ChecksumAlgorithm, record.Phase.ToText(), record.Host, record.AppVersion, record.StartedAt ?? started,
            record.FinishedAt ?? DateTimeOffset.UtcNow, record.ExecutionMs ?? elapsedMs, record.Success, record.StatementsDone, record.DownScript, record.BackupFile, record.Note,
            record.AppliedBy,
        ];
        foreach (var value in values)
        {
            insert.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    private sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }

            try
            {
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection released the session lock with it.
            }
        }
    }
}
