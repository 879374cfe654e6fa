using Npgsql;
using Slipway.History;

namespace Slipway.Postgres;

/// <summary>
/// Reads the history tables of many targets of one database over one connection: one query per chunk
/// of tenants (a <c>UNION ALL</c> of their tables, the target's index in the last column), all chunks in
/// one pipelined batch, so a fleet of a thousand schemas costs one round trip, not a thousand sessions.
/// When some tables do not exist yet, a second round trip asks the catalog which do, and a third reads
/// those; the others have an empty history. Planning a union costs the server about half a millisecond
/// per table, so a large fleet's chunks are spread over a few connections read at once (never more than
/// the run's connections per server), letting the server plan them on all its cores.
/// </summary>
internal static class PostgresFleetReader
{
    // A union of a few hundred branches plans in milliseconds; a single one of ten thousand does not.
    private const int ChunkSize = 250;

    // Beyond this many connections at once the reads only queue for the server's cores.
    private const int MaxReaders = 4;

    public static async Task<IReadOnlyList<IReadOnlyList<AppliedMigration>?>> ReadAsync(PostgresProvider opener, IReadOnlyList<IMigrationProvider> targets, CancellationToken cancellationToken)
    {
        var histories = new IReadOnlyList<AppliedMigration>?[targets.Count];
        var groups = targets
            .Select((t, i) => (Index: i, Options: (t as PostgresProvider)?.Options))
            .Where(t => t.Options is { HistoryTable.Schema: not null })
            .GroupBy(t => DatabaseKey(t.Options!), StringComparer.Ordinal);
        var readers = Math.Clamp(opener.Options.SharedConnections?.MaxPerServer ?? 1, 1, MaxReaders);
        foreach (var group in groups)
        {
            var members = group.Select(m => (m.Index, m.Options!.HistoryTable)).ToList();
            var connectionString = group.First().Options!.ConnectionString;
            var slices = members.Chunk(ChunkSize * (int)Math.Ceiling(members.Count / (double)(ChunkSize * readers))).ToList();
            var read = await Task.WhenAll(slices.Select(slice => ReadSliceAsync(opener, connectionString, [.. slice], cancellationToken)));
            foreach (var (index, rows) in read.SelectMany(r => r))
            {
                histories[index] = rows;
            }
        }

        return histories;
    }

    private static async Task<Dictionary<int, IReadOnlyList<AppliedMigration>>> ReadSliceAsync(PostgresProvider opener, string connectionString, List<(int Index, HistoryTable Table)> members, CancellationToken cancellationToken)
    {
        var (dataSource, connection) = await opener.OpenConnectionAsync(connectionString, cancellationToken);
        await using (dataSource)
        await using (connection)
        {
            return await ReadGroupAsync(connection, members, cancellationToken);
        }
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
            // No ORDER BY: sorting the union makes the server plan a merge of every branch and start parallel
            // workers, ten times the cost of reading; each tenant's rows are put in order here instead.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(string.Join("\nUNION ALL ", chunk.Select(m => new PostgresHistorySql(m.Table).SelectTagged(m.Index)))));
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

        foreach (var rows in read.Values)
        {
            ((List<AppliedMigration>)rows).Sort((a, b) => a.Id.CompareTo(b.Id));
        }

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
