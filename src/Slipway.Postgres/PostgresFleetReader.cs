using System.Globalization;
using Npgsql;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// Reads the history tables of many targets of one database over one connection: one query per chunk
/// of tenants (a <c>UNION ALL</c> of their tables, the target's index in the last column), all chunks in
/// one pipelined batch, so a fleet of a thousand schemas costs one round trip, not a thousand sessions.
/// When some tables do not exist yet, a second round trip asks the catalog which do, and a third reads
/// those; the others have an empty history.
/// </summary>
internal static class PostgresFleetReader
{
    // A union of a few hundred branches plans in milliseconds; a single one of ten thousand does not.
    private const int ChunkSize = 250;

    public static async Task<IReadOnlyList<IReadOnlyList<AppliedMigration>?>> ReadAsync(PostgresProvider opener, IReadOnlyList<IMigrationProvider> targets, CancellationToken cancellationToken)
    {
        var histories = new IReadOnlyList<AppliedMigration>?[targets.Count];
        var groups = targets
            .Select((t, i) => (Index: i, Options: (t as PostgresProvider)?.Options))
            .Where(t => t.Options is { HistoryTable.Schema: not null })
            .GroupBy(t => DatabaseKey(t.Options!), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.Select(m => (m.Index, m.Options!.HistoryTable)).ToList();
            var (dataSource, connection) = await opener.OpenConnectionAsync(group.First().Options!.ConnectionString, cancellationToken);
            await using (dataSource)
            await using (connection)
            {
                foreach (var (index, rows) in await ReadGroupAsync(connection, members, cancellationToken))
                {
                    histories[index] = rows;
                }
            }
        }

        return histories;
    }

    // Targets of one database and login share a connection; the search path does not matter, every name is qualified.
    private static string DatabaseKey(PostgresOptions options) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = null, ApplicationName = null }.ConnectionString;

    private static async Task<Dictionary<int, IReadOnlyList<AppliedMigration>>> ReadGroupAsync(NpgsqlConnection connection, List<(int Index, HistoryTable Table)> members, CancellationToken cancellationToken)
    {
        try
        {
            return await UnionAsync(connection, members, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            var existing = await ExistingAsync(connection, members, cancellationToken);
            var read = existing.Count == 0 ? [] : await UnionAsync(connection, existing, cancellationToken);
            foreach (var (index, _) in members.Except(existing))
            {
                read[index] = [];
            }

            return read;
        }
        catch (PostgresException)
        {
            // A table of another shape among them: each target's own session says which and why.
            return [];
        }
    }

    private static async Task<Dictionary<int, IReadOnlyList<AppliedMigration>>> UnionAsync(NpgsqlConnection connection, List<(int Index, HistoryTable Table)> members, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var chunk in members.Chunk(ChunkSize))
        {
            var sql = string.Join("\nUNION ALL ", chunk.Select(m => new PostgresHistorySql(m.Table).SelectTagged(m.Index)));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql + string.Create(CultureInfo.InvariantCulture, $"\nORDER BY {HistoryCodec.Columns.Count + 1}, 1")));
        }

        var read = new Dictionary<int, IReadOnlyList<AppliedMigration>>();
        foreach (var (index, _) in members)
        {
            read[index] = new List<AppliedMigration>();
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (PostgresHistoryRow.ShapeError(reader, false, members[0].Table, connection.Database) is not null)
            {
                return [];
            }

            var row = new PostgresHistoryRow(reader);
            var last = HistoryCodec.Columns.Count;
            while (await reader.ReadAsync(cancellationToken))
            {
                ((List<AppliedMigration>)read[reader.GetInt32(last)]).Add(HistoryCodec.Read(row));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return read;
    }

    private static async Task<List<(int Index, HistoryTable Table)>> ExistingAsync(NpgsqlConnection connection, List<(int Index, HistoryTable Table)> members, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT i::int FROM unnest(string_to_array($1, E'\\n')) WITH ORDINALITY AS t(name, i) WHERE to_regclass(name) IS NOT NULL", connection)
        {
            // One text parameter: the slim data source has no array types, and names never hold a newline.
            Parameters = { new() { Value = string.Join('\n', members.Select(m => m.Table.Quoted)) } },
        };
        var found = new List<(int, HistoryTable)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(members[reader.GetInt32(0) - 1]);
        }

        return found;
    }
}
