using Npgsql;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// One change as one pipelined batch: BEGIN, the lock's renewal, the transaction's limits, the guard, the
/// migration's statements, the history writes, the renewal again and COMMIT. The first error makes the
/// server skip everything after it, so nothing of a failed change commits.
/// </summary>
internal sealed class PostgresChangeBatch
{
    private PostgresChangeBatch(NpgsqlBatch batch, NpgsqlBatchCommand? guard) => (Batch, Guard) = (batch, guard);

    /// <summary>The batch to execute; the caller disposes it.</summary>
    public NpgsqlBatch Batch { get; }

    /// <summary>The statement that fails with division_by_zero when the change is no longer needed: another runner made it.</summary>
    public NpgsqlBatchCommand? Guard { get; }

    /// <summary>
    /// The change's batch; with <paramref name="createHistory"/>, the history table is created inside the
    /// same transaction first (a session that found it missing), so it commits with the first change or not at all.
    /// </summary>
    public static PostgresChangeBatch Build(NpgsqlConnection connection, PostgresHistorySql sql, IPostgresLocker locker, ChangeSet change, bool clientCheck, bool createHistory = false)
    {
        var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        if (createHistory)
        {
            foreach (var statement in sql.CreateStatements())
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            }
        }

        var guard = AddOpening(batch, sql, locker, change, clientCheck);
        if (!string.IsNullOrWhiteSpace(change.Sql))
        {
            PostgresScript.AddStatements(batch, change.Sql, change.Statements);
        }

        AddClosing(batch, sql, locker, change);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return new PostgresChangeBatch(batch, guard);
    }

    /// <summary>
    /// The part of a change before its own work, for a transaction the caller began (a C# migration's):
    /// the lock's renewal, the limits and the guard.
    /// </summary>
    public static PostgresChangeBatch Opening(NpgsqlConnection connection, PostgresHistorySql sql, IPostgresLocker locker, ChangeSet change, bool clientCheck)
    {
        var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        return new PostgresChangeBatch(batch, AddOpening(batch, sql, locker, change, clientCheck));
    }

    /// <summary>The part of a change after its own work: the history writes and the lock's renewal; the caller commits.</summary>
    public static NpgsqlBatch Closing(NpgsqlConnection connection, PostgresHistorySql sql, IPostgresLocker locker, ChangeSet change)
    {
        var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        AddClosing(batch, sql, locker, change);
        return batch;
    }

    private static NpgsqlBatchCommand? AddOpening(NpgsqlBatch batch, PostgresHistorySql sql, IPostgresLocker locker, ChangeSet change, bool clientCheck)
    {
        AddRenewal(batch, locker);
        foreach (var limit in PostgresTimeouts.SetLocal(change.Settings, clientCheck))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(limit));
        }

        var guard = GuardOf(sql, change);
        if (guard is not null)
        {
            batch.BatchCommands.Add(guard);
        }

        return guard;
    }

    private static void AddClosing(NpgsqlBatch batch, PostgresHistorySql sql, IPostgresLocker locker, ChangeSet change)
    {
        // A migration run statement by statement started with its first statement, not its last.
        var continues = change.ContinuesRow;
        if (continues is { } id)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.KeepStart(id)));
        }

        if (change.RemoveIds.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.DeleteIds(change.RemoveIds)));
        }

        if (change.Record is { } record)
        {
            batch.BatchCommands.Add(Insert(continues is null ? sql.Insert() : sql.InsertContinuing(), record));
        }

        // Renewed again at the end so the lock is fresh when a long migration commits.
        AddRenewal(batch, locker);
    }

    /// <summary>True when <paramref name="error"/> is the guard saying the change is no longer needed.</summary>
    public bool StoppedBy(PostgresException error) =>
        Guard is not null && ReferenceEquals(error.BatchCommand, Guard) && error.SqlState == PostgresErrorCodes.DivisionByZero;

    private static void AddRenewal(NpgsqlBatch batch, IPostgresLocker locker)
    {
        if (locker.Renewal() is { } renewal)
        {
            batch.BatchCommands.Add(renewal);
        }
    }

    private static NpgsqlBatchCommand? GuardOf(PostgresHistorySql sql, ChangeSet change) => change switch
    {
        // Replacing or removing exactly these rows (rollback, repair): their presence is the whole guard.
        { RemoveIds.Count: > 0 } => new NpgsqlBatchCommand(sql.GuardIdsPresent(change.RemoveIds)),
        { Record: { Kind: MigrationKind.Versioned, Success: true, Version: { } version } } =>
            new NpgsqlBatchCommand(sql.GuardNotApplied()) { Parameters = { new() { Value = version.Text } } },
        { Record: { Kind: MigrationKind.Repeatable, Checksum: { } checksum, Script: var name } } =>
            new NpgsqlBatchCommand(sql.GuardRepeatableChanged()) { Parameters = { new() { Value = name }, new() { Value = checksum } } },
        { Record: { Kind: MigrationKind.Baseline, Checksum: not null } } => new NpgsqlBatchCommand(sql.GuardNew()),
        _ => null,
    };

    // Timings the record leaves open are taken on the server: the transaction's start and the moment
    // the row is written.
    private static NpgsqlBatchCommand Insert(string text, HistoryRecord record)
    {
        var insert = new NpgsqlBatchCommand(text);
        var values = HistoryCodec.Values(record, started: null, finished: null, elapsedMs: null, appliedBy: null);
        for (var i = 0; i < values.Count; i++)
        {
            insert.Parameters.Add(values[i] is { } value
                ? new NpgsqlParameter { Value = value }
                : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = PostgresHistoryTypes.DbType(HistoryCodec.Written[i].Type) });
        }

        return insert;
    }
}
