using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Slipway.Postgres;

/// <summary>
/// Watches one running migration statement from a second connection. It enforces the migration's
/// lock timeout even when the SQL itself ran <c>SET lock_timeout = 0</c> or <c>RESET ALL</c>: if the
/// statement has waited for a lock longer than the timeout (plus a grace period that lets the server's
/// own <c>lock_timeout</c> fire first), it cancels the statement. While watching it remembers who
/// blocks the statement (<c>pg_blocking_pids</c>), for the retry log.
/// The second connection is opened only when the statement has run for half its lock timeout, so
/// quick migrations cost nothing but a timer.
/// </summary>
internal sealed partial class LockWatchdog : IAsyncDisposable
{
    private const string Sql = """
        WITH target AS (
            SELECT coalesce($1, (SELECT pid FROM pg_stat_activity WHERE application_name = $2 AND state = 'active' AND pid <> pg_backend_pid() LIMIT 1)) AS pid
        ), waiting AS (
            SELECT l.pid, (extract(epoch FROM clock_timestamp() - min(l.waitstart)) * 1000)::bigint AS waited_ms
            FROM pg_locks l JOIN target t ON l.pid = t.pid WHERE NOT l.granted GROUP BY l.pid
        )
        SELECT w.waited_ms,
               (SELECT string_agg(format('pid %s (%s, %s): %s', a.pid, coalesce(nullif(a.application_name, ''), 'no application name'), coalesce(a.state, 'unknown'), left(coalesce(a.query, ''), 300)), '; ')
                FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(w.pid))),
               CASE WHEN w.waited_ms > $3 THEN pg_cancel_backend(w.pid) ELSE false END
        FROM waiting w
        """;

    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(400);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly SideConnections _side;
    private readonly int? _pid;
    private readonly string _applicationName;
    private readonly TimeSpan _lockTimeout;
    private readonly Timer _start;
    private Task? _loop;
    private bool _disposed;
    private volatile string? _blockers;
    private volatile bool _cancelled;

    private LockWatchdog(SideConnections side, int? pid, string applicationName, TimeSpan lockTimeout)
    {
        (_side, _pid, _applicationName, _lockTimeout) = (side, pid, applicationName, lockTimeout);
        // A timer, not a task that sleeps: a migration that ends before half its lock timeout (nearly
        // all of them) costs no thread-pool work and no cancellation exception, only this timer.
        var half = TimeSpan.FromTicks(Math.Max(lockTimeout.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks));
        _start = new Timer(static state => ((LockWatchdog)state!).Begin(), this, half, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Who blocked the statement, last seen; null when nothing was seen.</summary>
    public string? Blockers => _blockers;

    /// <summary>True when the watchdog cancelled the statement for waiting on a lock too long.</summary>
    public bool CancelledForLock => _cancelled;

    /// <summary>Starts watching; returns null when there is no lock timeout to enforce.</summary>
    public static LockWatchdog? Start(SideConnections side, int? pid, string applicationName, TimeSpan? lockTimeout) =>
        lockTimeout is { } timeout && timeout > TimeSpan.Zero ? new LockWatchdog(side, pid, applicationName, timeout) : null;

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _start.DisposeAsync();
        if (loop is not null)
        {
            await _stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped while sleeping or querying: the statement is over.
            }
        }

        _stop.Dispose();
    }

    /// <summary>Masks string literals so a blocking query's secrets (passwords, tokens) never reach a log.</summary>
    internal static string Mask(string text) => StringLiteral().Replace(text, "'…'");

    private void Begin()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                // Task.Run: the loop's first connection attempt must not run while the gate is held.
                _loop = Task.Run(() => RunAsync(_side, _pid, _applicationName, _lockTimeout, _stop.Token));
            }
        }
    }

    private async Task RunAsync(SideConnections side, int? pid, string applicationName, TimeSpan lockTimeout, CancellationToken stop)
    {
        var poll = TimeSpan.FromTicks(Math.Clamp(lockTimeout.Ticks / 5, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        var limitMs = (long)(lockTimeout + Grace).TotalMilliseconds;
        NpgsqlConnection? connection = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    connection ??= await side.OpenConnectionAsync(stop);
                    await using var command = new NpgsqlCommand(Sql, connection)
                    {
                        Parameters =
                        {
                            pid is { } p ? new NpgsqlParameter { Value = p } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                            new() { Value = applicationName },
                            new() { Value = limitMs },
                        },
                    };
                    await using var reader = await command.ExecuteReaderAsync(stop);
                    if (await reader.ReadAsync(stop))
                    {
                        if (!reader.IsDBNull(1))
                        {
                            _blockers = Mask(reader.GetString(1));
                        }

                        if (reader.GetBoolean(2))
                        {
                            _cancelled = true;
                        }
                    }
                }
                catch (NpgsqlException)
                {
                    // The watchdog is best effort; the server-side lock_timeout still applies.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }

                await Task.Delay(poll, stop);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("'(?:[^']|'')*'", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();
}
