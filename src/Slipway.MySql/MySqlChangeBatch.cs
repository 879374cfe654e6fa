using MySqlConnector;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Sql;

namespace Slipway.MySql;

/// <summary>
/// One change as one round trip (a multi-statement query, which the server runs in order and stops at the
/// first error): the limits, the guard, the statements and the history writes.
/// </summary>
/// <remarks>
/// Without DDL: <c>START TRANSACTION</c>, guard, statements, history writes, <c>COMMIT</c> — all or nothing.
/// With a statement that commits implicitly (DDL) there is no transaction to hold it: guard, statements,
/// then the history writes in a transaction of their own. The engine sends such a migration one statement
/// at a time, so each statement's progress row follows it in the same query: once the server has the
/// query it runs both, even when the runner is killed while the DDL runs.
/// </remarks>
internal sealed class MySqlChangeBatch
{
    // ER_SUBQUERY_NO_1_ROW: how a guard says the change is no longer needed.
    private const int SubqueryReturnsMoreThanOneRow = 1242;

    // Set by the guard when it passes; NULL from the batch's start until then.
    private const string GuardVariable = "@slipway_guard";

    private readonly bool _guarded;
    private readonly bool _returnsId;

    private readonly Interruptible _server;

    private MySqlChangeBatch(Interruptible server, MySqlBatch batch, bool guarded, bool returnsId) => (_server, Batch, _guarded, _returnsId) = (server, batch, guarded, returnsId);

    /// <summary>The batch to execute; the caller disposes it.</summary>
    public MySqlBatch Batch { get; }

    /// <summary>The id of the progress row the batch inserted, once it ran without error; null for other changes.</summary>
    public long? InsertedId { get; private set; }

    public static MySqlChangeBatch Build(Interruptible server, MySqlHistorySql sql, ChangeSet change, IReadOnlyList<SqlStatement> statements, bool commits, bool mariaDb)
    {
        var batch = new MySqlBatch(server.Connection) { Timeout = 0 };
        Add(batch, MySqlTimeouts.Set(change.Settings, mariaDb, StartedOf(sql, change)) + $", {GuardVariable} = NULL");
        if (!commits)
        {
            Add(batch, "START TRANSACTION");
        }

        var guard = GuardOf(sql, change);
        if (guard is not null)
        {
            guard.CommandText = $"SET {GuardVariable} = " + guard.CommandText;
            batch.BatchCommands.Add(guard);
        }

        foreach (var statement in statements)
        {
            Add(batch, statement.Sql);
        }

        var writes = change.RemoveIds.Count > 0 || change.Record is not null;
        if (commits && writes)
        {
            Add(batch, "START TRANSACTION");
        }

        if (change.RemoveIds.Count > 0)
        {
            Add(batch, sql.DeleteIds(change.RemoveIds));
        }

        if (change.Record is { } record)
        {
            batch.BatchCommands.Add(Insert(sql, record));
        }

        if (!commits || writes)
        {
            Add(batch, "COMMIT");
        }

        // A progress row is replaced by id after the next statement: the session's last insert id says it
        // in this round trip, where reading the history back would take another.
        var returnsId = change.Record is { Success: false };
        if (returnsId)
        {
            Add(batch, "SELECT LAST_INSERT_ID()");
        }

        return new MySqlChangeBatch(server, batch, guard is not null, returnsId);
    }

    /// <summary>
    /// Runs the batch; returns the error of the command that failed, or null when every command succeeded.
    /// The server stops at the failed command: nothing after it ran.
    /// </summary>
    public async Task<MySqlException?> ExecuteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_returnsId)
            {
                InsertedId = Convert.ToInt64(await _server.RunAsync(() => Batch.ExecuteScalarAsync(CancellationToken.None), cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                await _server.RunAsync(() => Batch.ExecuteNonQueryAsync(CancellationToken.None), cancellationToken);
            }

            return null;
        }
        catch (MySqlException ex) when (ex.ErrorCode != MySqlErrorCode.QueryInterrupted && Batch.Connection?.State == System.Data.ConnectionState.Open)
        {
            return ex;
        }
    }

    /// <summary>
    /// True when <paramref name="error"/> is the guard saying the change is no longer needed: the guard
    /// failed (1242) before it could set its variable, so no statement of the change ran.
    /// </summary>
    public async Task<bool> StoppedByAsync(MySqlException error, CancellationToken cancellationToken)
    {
        if (!_guarded || error.Number != SubqueryReturnsMoreThanOneRow)
        {
            return false;
        }

        await using var command = new MySqlCommand($"SELECT {GuardVariable} IS NULL", Batch.Connection);
        return Convert.ToInt64(await _server.RunAsync(() => command.ExecuteScalarAsync(CancellationToken.None), cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    // A migration run statement by statement started with its first statement, not its last.
    private static string? StartedOf(MySqlHistorySql sql, ChangeSet change) =>
        change.ContinuesRow is { } previous ? sql.StartedOf(previous) : null;

    private static void Add(MySqlBatch batch, string text) => batch.BatchCommands.Add(new MySqlBatchCommand(text));

    private static MySqlBatchCommand? GuardOf(MySqlHistorySql sql, ChangeSet change) => change switch
    {
        // Replacing or removing exactly these rows (rollback, repair): their presence is the whole guard.
        { RemoveIds.Count: > 0 } => new MySqlBatchCommand(sql.GuardIdsPresent(change.RemoveIds)),
        { Record: { Kind: MigrationKind.Versioned, Success: true, Version: { } version } } =>
            new MySqlBatchCommand(sql.GuardNotApplied()) { Parameters = { new MySqlParameter("@slipway_v", version.Text) } },
        { Record: { Kind: MigrationKind.Repeatable, Checksum: { } checksum, Script: var name } } =>
            new MySqlBatchCommand(sql.GuardRepeatableChanged()) { Parameters = { new MySqlParameter("@slipway_s", name), new MySqlParameter("@slipway_c", checksum) } },
        { Record: { Kind: MigrationKind.Baseline, Checksum: not null } } => new MySqlBatchCommand(sql.GuardNew()),
        _ => null,
    };

    private static MySqlBatchCommand Insert(MySqlHistorySql sql, HistoryRecord record)
    {
        var insert = new MySqlBatchCommand(sql.Insert());
        var values = HistoryCodec.Values(record, started: null, finished: null, elapsedMs: null, appliedBy: null);
        for (var i = 0; i < values.Count; i++)
        {
            insert.Parameters.Add(new MySqlParameter(MySqlHistorySql.ParameterName(i), MySqlHistoryRow.Parameter(values[i])));
        }

        return insert;
    }
}
