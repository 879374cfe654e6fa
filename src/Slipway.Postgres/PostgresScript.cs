using Npgsql;
using Slipway.Sql;

namespace Slipway.Postgres;

/// <summary>
/// Sends a script as a batch of its statements, split by Slipway's lexer, in one round trip. The driver
/// would otherwise split the text at every semicolon it sees itself, which cuts SQL-standard
/// <c>BEGIN ATOMIC ... END</c> function bodies apart.
/// </summary>
internal static class PostgresScript
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, IReadOnlyList<SqlStatement>? statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        AddStatements(batch, sql, statements);

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Appends the statements of <paramref name="sql"/> to a batch, splitting it unless the engine already did.</summary>
    public static void AddStatements(NpgsqlBatch batch, string sql, IReadOnlyList<SqlStatement>? statements)
    {
        foreach (var statement in statements ?? SqlSplitter.Split(sql, SqlDialect.PostgreSql))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Sql));
        }
    }

    /// <summary>
    /// Sends one statement exactly as written, as a single batch command: not split at semicolons, and
    /// never several statements in one implicit transaction (which CREATE INDEX CONCURRENTLY refuses).
    /// </summary>
    public static async Task ExecuteStatementAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, TimeSpan? clientTimeout = null)
    {
        var seconds = clientTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : 0;
        await using var batch = new NpgsqlBatch(connection) { Timeout = seconds, BatchCommands = { new NpgsqlBatchCommand(sql) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Where the failed statement starts in <paramref name="sql"/>, so error positions become script lines.</summary>
    public static int OffsetOf(PostgresException error, string sql) =>
        error.BatchCommand?.CommandText is { Length: > 0 } text && sql.IndexOf(text, StringComparison.Ordinal) is var offset and >= 0 ? offset : 0;
}
