using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;

namespace Slipway.Postgres;

/// <summary>A user's query (a fleet's list of tenants), run in a read-only transaction so it can change nothing.</summary>
internal static class PostgresQuery
{
    public static async Task<IReadOnlyList<string>> ColumnAsync(NpgsqlConnection connection, string sql, string displayName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var values = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.FieldCount > 0 && !reader.IsDBNull(0))
                {
                    values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
                }
            }

            return values;
        }
        catch (PostgresException ex)
        {
            throw new ConfigurationException($"The query listing the targets failed on {displayName}: {ex.SqlState} {ex.MessageText}. It runs read-only; its first column names the targets. Nothing was changed.", ex);
        }
    }
}
