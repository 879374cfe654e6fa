using System.Net.Sockets;
using Npgsql;
using Slipway.Fleets;

namespace Slipway.Postgres;

/// <summary>
/// Opens a session on a connection borrowed from a fleet run's pool of the target's server (see
/// <see cref="PostgresServerPool"/>). The pool's connections are keyed by the target's connection string
/// without its <c>search_path</c>, so all the tenant schemas of a database share one set of logins; the
/// tenant's <c>search_path</c> is set when the session opens, in the same round trip that reads the
/// backend's pid and sets the client check.
/// </summary>
internal static class PooledSession
{
    public static async Task<IMigrationSession> OpenAsync(PostgresProvider provider, SharedConnections shared, CancellationToken cancellationToken)
    {
        var options = provider.Options;
        var pool = shared.GetOrAdd("postgres " + provider.ServerKey, () => new PostgresServerPool(shared.MaxPerServer));
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var searchPath = builder.SearchPath;
        builder.SearchPath = null;
        // Startup options are the session's defaults, which RESET and DISCARD ALL return to: the run's time
        // limits, and for a tenant of a shared database an empty search_path, so that a RESET ALL in a
        // migration can never leave the next statement in another tenant's schema (or the shared one).
        builder.Options = string.Join(' ', new[] { builder.Options, PostgresTimeouts.StartupOptions(options.SessionDefaults), searchPath is null ? null : "-c search_path=" }
            .Where(o => !string.IsNullOrEmpty(o)));
        var key = builder.ConnectionString;
        NpgsqlConnection connection;
        try
        {
            connection = await pool.AcquireAsync(key, () => PostgresProvider.Build(key, _ => { }), cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw PostgresErrors.Unreachable(ex, options);
        }

        var lease = new PoolLease(pool, key, connection);
        try
        {
            var clientCheck = connection.PostgreSqlVersion.Major >= 14;
            var sql = "SELECT pg_backend_pid()"
                + (searchPath is null ? string.Empty : ", set_config('search_path', $1, false)")
                + (clientCheck ? $", set_config('client_connection_check_interval', '{PostgresTimeouts.ClientCheckMs}', false)" : string.Empty);
            await using var command = new NpgsqlCommand(sql, connection);
            if (searchPath is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = searchPath });
            }

            var pid = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            var side = new SideConnections(() => PostgresProvider.Build(options.ConnectionString, s => s.ApplicationName = "slipway-watchdog"));
            var locker = new AdvisoryLocker(connection, options.HistoryTable, options.DisplayName, provider.Logger, clientCheck);
            return new PostgresSession(lease, connection, side, locker, options, builder.ApplicationName ?? "slipway", provider.Logger, pid, deferCreate: true);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await lease.DisposeAsync();
            throw PostgresErrors.Unreachable(ex, options);
        }
        catch (Exception)
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>A borrowed connection; disposing gives it back to its pool, once.</summary>
    private sealed class PoolLease(PostgresServerPool pool, string key, NpgsqlConnection connection) : IAsyncDisposable
    {
        private int _returned;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                await pool.ReturnAsync(key, connection);
            }
        }
    }
}
