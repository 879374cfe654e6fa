using Microsoft.Extensions.Logging;
using Npgsql;
using Slipway.Sql;

namespace Slipway.Postgres;

/// <summary>
/// A <c>CREATE INDEX CONCURRENTLY</c> that is cancelled, fails or loses its connection part way leaves
/// an INVALID index behind: not used by queries, still maintained by every write, and kept as is by a
/// re-run with <c>IF NOT EXISTS</c> (or refused by one without). Before such a statement runs, this
/// finds an invalid index of that name and drops it (concurrently), so the statement builds it afresh.
/// </summary>
internal static class InvalidIndexRepair
{
    private const string IsValidSql = "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)";

    public static async Task BeforeAsync(NpgsqlConnection connection, string sql, ILogger logger, CancellationToken cancellationToken)
    {
        var statements = SqlSplitter.Split(sql, SqlDialect.PostgreSql);
        if (statements.Count != 1 || TransactionRules.ConcurrentIndexName(statements[0]) is not { } name)
        {
            return;
        }

        await using (var check = new NpgsqlCommand(IsValidSql, connection) { Parameters = { new() { Value = name } } })
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is not false)
            {
                return;
            }
        }

        Log.RebuildingInvalidIndex(logger, name);
        await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {name}", connection) { CommandTimeout = 0 };
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
