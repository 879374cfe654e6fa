using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>Scratch targets, catalog snapshots and execute-and-roll-back for PostgreSQL.</summary>
internal sealed class PostgresSchemaTools(PostgresOptions options, PostgresProvider provider)
{
    public async Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var name = "slipway_verify_" + Guid.NewGuid().ToString("N")[..12];
        var (dataSource, connection) = await provider.OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            try
            {
                await ExecuteAsync(connection, $"CREATE DATABASE {HistoryTable.Quote(name)}", cancellationToken);
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Database = name, Pooling = false };
                // A scratch target is used once and then dropped: never through a fleet's pool, whose idle connection would outlive it.
                var scratch = new PostgresProvider(options with { ConnectionString = builder.ConnectionString, DisplayName = "temporary database " + name, SharedConnections = null });
                if ((options.SnapshotSchema ?? options.HistoryTable.Schema) is { } schema && schema != "public")
                {
                    // Migrations run with their schema (a tenant's, or the first of the URL's search_path) as
                    // search_path, and migrate creates it with the history table before the first migration
                    // runs: the replay needs it just the same.
                    var (scratchSource, scratchConnection) = await scratch.OpenConnectionAsync(cancellationToken);
                    await using (scratchSource)
                    await using (scratchConnection)
                    {
                        await ExecuteAsync(scratchConnection, $"CREATE SCHEMA IF NOT EXISTS {HistoryTable.Quote(schema)}", cancellationToken);
                    }
                }

                return new ScratchTarget(scratch, "temporary database " + name, () => DropAsync($"DROP DATABASE IF EXISTS {HistoryTable.Quote(name)} WITH (FORCE)"));
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // No CREATEDB privilege: a schema in the target database isolates the run just as well.
                var protectedSchemas = await RealSchemasAsync(connection, cancellationToken);
                await ExecuteAsync(connection, $"CREATE SCHEMA {HistoryTable.Quote(name)}", cancellationToken);
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = name, Pooling = false };
                var scratch = new PostgresProvider(options with
                {
                    ConnectionString = builder.ConnectionString,
                    DisplayName = "temporary schema " + name,
                    HistoryTable = new HistoryTable(name, options.HistoryTable.Name),
                    SnapshotSchema = name,
                    SharedConnections = null,
                });
                return new ScratchTarget(scratch, "temporary schema " + name, () => DropAsync($"DROP SCHEMA IF EXISTS {HistoryTable.Quote(name)} CASCADE"))
                {
                    Schema = name,
                    ProtectedSchemas = protectedSchemas,
                };
            }
        }
    }

    // Every schema of the database but the system's own (pg_catalog, information_schema, pg_toast, ...),
    // which migrations may read from by name; a scratch schema's replay must not name these.
    private static async Task<HashSet<string>> RealSchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var schemas = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }

    public async Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var (dataSource, connection) = await provider.OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            await using var command = new NpgsqlCommand(PostgresCatalogSql.Snapshot(options.SnapshotSchema, options.HistoryTable), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var objects = new List<KeyValuePair<string, string>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                objects.Add(new(reader.GetString(0), reader.IsDBNull(1) ? string.Empty : reader.GetString(1)));
            }

            return new SchemaSnapshot(objects);
        }
    }

    public async Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var (dataSource, connection) = await provider.OpenConnectionAsync(cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            var durations = new List<TimeSpan>();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                foreach (var change in changes)
                {
                    var script = change.Record?.Script ?? "change " + (durations.Count + 1).ToString(CultureInfo.InvariantCulture);
                    try
                    {
                        await ExecuteAsync(connection, TimeoutSql(change.Settings), cancellationToken);
                        var clock = Stopwatch.StartNew();
                        if (!string.IsNullOrWhiteSpace(change.Sql))
                        {
                            await ExecuteAsync(connection, change.Sql, cancellationToken);
                        }

                        durations.Add(clock.Elapsed);
                    }
                    catch (NpgsqlException ex)
                    {
                        throw PostgresErrors.Map(ex, connection, script, change.Sql);
                    }
                }
            }
            finally
            {
                // The point of a dry run: never commit.
                await TryRollbackAsync(transaction);
            }

            return durations;
        }
    }

    private static string TimeoutSql(ExecutionSettings settings)
    {
        var lockMs = settings.LockTimeout is { } l ? (long)l.TotalMilliseconds : 0;
        var statementMs = settings.StatementTimeout is { } s ? (long)s.TotalMilliseconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = {lockMs}; SET LOCAL statement_timeout = {statementMs}");
    }

    private async ValueTask DropAsync(string sql)
    {
        var (dataSource, connection) = await provider.OpenConnectionAsync(CancellationToken.None);
        await using (dataSource)
        await using (connection)
        {
            await ExecuteAsync(connection, sql, CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task TryRollbackAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone: the server rolled the transaction back itself.
        }
    }
}
