using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Sqlite;

/// <summary>The drift log of SQLite: a table named after the history table with <c>_drift</c> appended.</summary>
internal static class SqliteDriftLog
{
    public static string TableOf(HistoryTable history) => history.Name + "_drift";

    public static async Task RecordAsync(SqliteConnection connection, HistoryTable history, DriftCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var table = HistoryTable.Quote(TableOf(history));
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS {table} (
                id INTEGER PRIMARY KEY,
                checked_at TEXT NOT NULL,
                version TEXT,
                objects INTEGER NOT NULL,
                excluded INTEGER NOT NULL,
                differences TEXT NOT NULL
            );
            INSERT INTO {table} (checked_at, version, objects, excluded, differences) VALUES ($at, $version, $objects, $excluded, $differences);
            DELETE FROM {table} WHERE id <= (SELECT max(id) FROM {table}) - {DriftCheck.Kept};
            COMMIT;
            """;
        command.Parameters.AddWithValue("$at", check.CheckedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$version", (object?)check.Version ?? DBNull.Value);
        command.Parameters.AddWithValue("$objects", check.Objects);
        command.Parameters.AddWithValue("$excluded", check.Excluded);
        command.Parameters.AddWithValue("$differences", check.Differences);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new MigrationFailedException("drift log", $"Cannot record the drift check in {TableOf(history)}: {ex.Message}");
        }
    }

    public static async Task<DriftCheck?> ReadLatestAsync(SqliteConnection connection, HistoryTable history, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT checked_at, version, objects, excluded, differences FROM {HistoryTable.Quote(TableOf(history))} ORDER BY id DESC LIMIT 1";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new DriftCheck
            {
                CheckedAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Version = reader.IsDBNull(1) ? null : reader.GetString(1),
                Objects = reader.GetInt32(2),
                Excluded = reader.GetInt32(3),
                Differences = reader.GetString(4),
            };
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // No drift recorded yet: nothing to show, not an error.
            return null;
        }
    }
}
