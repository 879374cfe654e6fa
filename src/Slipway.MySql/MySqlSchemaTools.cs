using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.Sql;

namespace Slipway.MySql;

/// <summary>Scratch databases, catalog snapshots and execute-and-roll-back for MySQL and MariaDB.</summary>
internal sealed class MySqlSchemaTools(MySqlOptions options, MySqlProvider provider)
{
    public async Task<ScratchTarget> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var name = "slipway_verify_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = await provider.OpenConnectionAsync(cancellationToken))
        {
            await ExecuteAsync(Statements(connection), $"CREATE DATABASE {MySqlHistorySql.Quote(name)}", cancellationToken);
        }

        var builder = new MySqlConnectionStringBuilder(options.ConnectionString) { Database = name };
        var display = "temporary database " + name;
        var scratch = new MySqlProvider(options with { ConnectionString = builder.ConnectionString, DisplayName = display, Database = name, HistoryTable = new History.HistoryTable(null, options.HistoryTable.Name) });
        return new ScratchTarget(scratch, display, async () =>
        {
            await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
            await ExecuteAsync(Statements(connection), $"DROP DATABASE IF EXISTS {MySqlHistorySql.Quote(name)}", CancellationToken.None);
        });
    }

    public async Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await provider.OpenConnectionAsync(cancellationToken);
        return await Statements(connection).RunAsync(async () =>
        {
            await using var command = new MySqlCommand(MySqlCatalogSql.Snapshot, connection);
            command.Parameters.AddWithValue("@db", options.Database);
            command.Parameters.AddWithValue("@history", options.HistoryTable.Schema is null || options.HistoryTable.Schema == options.Database ? options.HistoryTable.Name : string.Empty);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);

            // The server qualifies names in view and routine bodies with the database: a scratch database's
            // objects must compare equal to the live ones.
            var qualifier = MySqlHistorySql.Quote(options.Database) + ".";
            var objects = new List<KeyValuePair<string, string>>();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                var definition = reader.IsDBNull(1) ? string.Empty : reader.GetString(1).Replace(qualifier, string.Empty, StringComparison.Ordinal).Trim();
                objects.Add(new(reader.GetString(0), definition));
            }

            return new SchemaSnapshot(objects);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TimeSpan>> ExecuteAndRollBackAsync(IReadOnlyList<ChangeSet> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var analysed = changes.Select((change, i) => (Change: change, Script: change.Record?.Script ?? "change " + (i + 1).ToString(CultureInfo.InvariantCulture),
            Statements: change.Statements ?? (string.IsNullOrWhiteSpace(change.Sql) ? [] : SqlSplitter.Split(change.Sql, SqlDialect.MySql)))).ToList();
        foreach (var (_, script, statements) in analysed)
        {
            // Refused before anything runs: DDL would commit the dry run's transaction half way.
            if (statements.Select(s => (Statement: s, Command: TransactionRules.CommitsImplicitly(s, SqlDialect.MySql))).FirstOrDefault(r => r.Command is not null) is { Command: { } command, Statement: var statement })
            {
                throw new MigrationFailedException(script,
                    $"{script}:{statement.Line}: {command} commits implicitly on MySQL and MariaDB, so it cannot be executed and rolled back; a dry run executes only migrations without DDL. Nothing was changed");
            }
        }

        await using var connection = await provider.OpenConnectionAsync(cancellationToken);
        var server = Statements(connection);
        var durations = new List<TimeSpan>();
        await ExecuteAsync(server, "START TRANSACTION", cancellationToken);
        try
        {
            foreach (var (change, script, statements) in analysed)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await ExecuteAsync(server, MySqlTimeouts.Set(change.Settings, MySqlProvider.IsMariaDb(connection)), cancellationToken);
                    foreach (var statement in statements)
                    {
                        await ExecuteAsync(server, statement.Sql, cancellationToken);
                    }
                }
                catch (MySqlException ex)
                {
                    throw MySqlErrors.Map(ex, connection, script);
                }

                durations.Add(clock.Elapsed);
            }
        }
        finally
        {
            // The point of a dry run: never commit.
            try
            {
                await ExecuteAsync(server, "ROLLBACK", CancellationToken.None);
            }
            catch (Exception ex) when (ex is MySqlException or InvalidOperationException)
            {
                // The connection is gone: the server rolled the transaction back itself.
            }
        }

        return durations;
    }

    private static Task ExecuteAsync(Interruptible server, string sql, CancellationToken cancellationToken) =>
        server.RunAsync(async () =>
        {
            await using var command = new MySqlCommand(sql, server.Connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, cancellationToken);

    private Interruptible Statements(MySqlConnection connection) => new(connection, options.ConnectionString);
}
