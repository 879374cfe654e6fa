using Npgsql;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>The drift log of PostgreSQL: a table named after the history table with <c>_drift</c> appended, in its schema.</summary>
internal sealed class PostgresDriftLog(PostgresOptions options, PostgresProvider provider)
{
    /// <summary>The drift table of <paramref name="history"/>.</summary>
    public static HistoryTable TableOf(HistoryTable history) => new(history.Schema, history.Name + "_drift");

    public async Task RecordAsync(DriftCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var table = TableOf(options.HistoryTable);
        var schema = table.Schema is null ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {HistoryTable.Quote(table.Schema)};";
        var (dataSource, connection) = await provider.OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var create = new NpgsqlCommand($"""
                    {schema}
                    CREATE TABLE IF NOT EXISTS {table.Quoted} (
                        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        checked_at timestamptz NOT NULL,
                        version text,
                        objects integer NOT NULL,
                        excluded integer NOT NULL,
                        differences text NOT NULL
                    )
                    """, connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var insert = new NpgsqlCommand(
                    $"INSERT INTO {table.Quoted} (checked_at, version, objects, excluded, differences) VALUES ($1, $2, $3, $4, $5)", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = check.CheckedAt.UtcDateTime });
                    insert.Parameters.Add(new NpgsqlParameter { Value = (object?)check.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                    insert.Parameters.Add(new NpgsqlParameter { Value = check.Objects });
                    insert.Parameters.Add(new NpgsqlParameter { Value = check.Excluded });
                    insert.Parameters.Add(new NpgsqlParameter { Value = check.Differences });
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var prune = new NpgsqlCommand($"DELETE FROM {table.Quoted} WHERE id <= (SELECT max(id) FROM {table.Quoted}) - {DriftCheck.Kept}", connection, transaction))
                {
                    await prune.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                throw PostgresErrors.Map(ex, connection, "drift log", table.ToString());
            }
        }
    }

    public async Task<DriftCheck?> ReadLatestAsync(CancellationToken cancellationToken)
    {
        var table = TableOf(options.HistoryTable);
        var (dataSource, connection) = await provider.OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            await using var command = new NpgsqlCommand($"SELECT checked_at, version, objects, excluded, differences FROM {table.Quoted} ORDER BY id DESC LIMIT 1", connection);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                return new DriftCheck
                {
                    CheckedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)),
                    Version = reader.IsDBNull(1) ? null : reader.GetString(1),
                    Objects = reader.GetInt32(2),
                    Excluded = reader.GetInt32(3),
                    Differences = reader.GetString(4),
                };
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InsufficientPrivilege)
            {
                // No drift recorded yet, or a role that may not read it: nothing to show, not an error.
                return null;
            }
        }
    }
}
