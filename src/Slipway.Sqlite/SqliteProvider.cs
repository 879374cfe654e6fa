using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.Sql;

namespace Slipway.Sqlite;

/// <summary>The SQLite provider: one connection per session; each migration in a <c>BEGIN IMMEDIATE</c> transaction.</summary>
public sealed class SqliteProvider : IMigrationProvider, ISchemaTools, ISchemaScripter, IDriftLog
{
    private readonly SqliteOptions _options;

    /// <summary>Creates the provider.</summary>
    public SqliteProvider(SqliteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string DisplayName => _options.DisplayName;

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <inheritdoc />
    public bool OpenCanCreateDatabase => true;

    /// <summary>How long a statement waits for another process's write lock on the file. Default 5 minutes.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default) =>
        new SqliteSession(await OpenConnectionAsync(cancellationToken), _options.HistoryTable, BusyTimeout);

    /// <inheritdoc />
    public Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken = default)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "slipway-verify-" + Guid.NewGuid().ToString("N")[..12] + ".db");
        var scratch = new SqliteProvider(_options with { Path = path }) { BusyTimeout = BusyTimeout };
        return Task.FromResult(new ScratchTarget(scratch, "temporary file " + System.IO.Path.GetFileName(path), () =>
        {
            foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        }));
    }

    /// <inheritdoc />
    public async Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteCatalogSql.Snapshot;
        command.Parameters.AddWithValue("$history", _options.HistoryTable.Name);
        command.Parameters.AddWithValue("$drift", SqliteDriftLog.TableOf(_options.HistoryTable));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var objects = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(new(reader.GetString(0), reader.IsDBNull(1) ? string.Empty : SqliteCatalogSql.Normalize(reader.GetString(1))));
        }

        return new SchemaSnapshot(objects);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        await command.ExecuteNonQueryAsync(cancellationToken);
        var durations = new List<TimeSpan>();
        try
        {
            foreach (var change in changes)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                if (!string.IsNullOrWhiteSpace(change.Sql))
                {
                    command.CommandText = change.Sql;
                    try
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                    catch (SqliteException ex)
                    {
                        var script = change.Record?.Script ?? "change " + (durations.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        throw new MigrationFailedException(script, $"{script}: {ex.Message}");
                    }
                }

                durations.Add(clock.Elapsed);
            }
        }
        finally
        {
            // The point of a dry run: never commit.
            try
            {
                command.CommandText = "ROLLBACK";
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (SqliteException)
            {
                // SQLite already rolled back.
            }
        }

        return durations;
    }

    /// <inheritdoc />
    public async Task<string> ScriptAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await SqliteScripter.ScriptAsync(connection, _options.HistoryTable.Name, cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordAsync(DriftCheck check, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await SqliteDriftLog.RecordAsync(connection, _options.HistoryTable, check, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DriftCheck?> ReadLatestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await SqliteDriftLog.ReadLatestAsync(connection, _options.HistoryTable, cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);

            // Reading the schema (which later statements need anyway) makes a file that is not a database fail here, where its name is known.
            pragma.CommandText = "SELECT count(*) FROM sqlite_master";
            await pragma.ExecuteScalarAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw SqliteErrors.OpenFailed(ex, _options.Path, DisplayName);
        }
    }
}
