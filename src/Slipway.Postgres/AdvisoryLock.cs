using Npgsql;

namespace Slipway.Postgres;

/// <summary>
/// A held session advisory lock; disposing unlocks it and says so on <see cref="ReleaseChannel"/>, where waiters
/// listen. A dead session releases it by itself, silently: waiters see that at their next check.
/// </summary>
internal sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IAsyncDisposable
{
    /// <summary>The channel a release of the lock on <paramref name="key"/> is announced on (NOTIFY).</summary>
    public static string ReleaseChannel(long key) => "slipway_lock_" + key.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            // One round trip and one transaction: the notification is delivered when it commits, after the
            // unlock. A NOTIFY makes its transaction write a commit record; it need not wait for the disk.
            await using var command = new NpgsqlCommand(
                $"SELECT pg_advisory_unlock({key}), set_config('synchronous_commit', 'off', true); NOTIFY {ReleaseChannel(key)}", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection released the session lock with it.
        }
    }
}
