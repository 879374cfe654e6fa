using Npgsql;

namespace Slipway.Postgres;

/// <summary>
/// The connections a fleet's targets of one server share. A target borrows one for its session and gives
/// it back reset (<c>DISCARD ALL</c>: session settings, <c>search_path</c>, temporary tables, prepared
/// statements and every advisory lock of the session are gone), so nothing of one tenant's session
/// reaches the next; a connection that cannot be reset is closed instead. At most the capacity is open to
/// the server, busy and idle together: a target of another database closes an idle connection first.
/// </summary>
internal sealed class PostgresServerPool(int capacity) : IAsyncDisposable
{
    private readonly SemaphoreSlim _busy = new(capacity);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NpgsqlDataSource> _sources = new(StringComparer.Ordinal);
    private readonly List<(string Key, NpgsqlConnection Connection)> _idle = [];
    private int _open;
    private bool _disposed;

    /// <summary>
    /// A connection of the database <paramref name="key"/> stands for (a connection string): an idle one when
    /// there is one, otherwise a new one from the data source <paramref name="build"/> makes for that key.
    /// Waits while the capacity is busy. Give it back with <see cref="ReturnAsync"/>.
    /// </summary>
    public async Task<NpgsqlConnection> AcquireAsync(string key, Func<NpgsqlDataSource> build, CancellationToken cancellationToken)
    {
        await _busy.WaitAsync(cancellationToken);
        try
        {
            NpgsqlConnection? evicted = null;
            NpgsqlDataSource? source = null;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var index = _idle.FindLastIndex(c => string.Equals(c.Key, key, StringComparison.Ordinal));
                if (index >= 0)
                {
                    var reused = _idle[index].Connection;
                    _idle.RemoveAt(index);
                    return reused;
                }

                if (_open >= capacity && _idle.Count > 0)
                {
                    evicted = _idle[0].Connection;
                    _idle.RemoveAt(0);
                    _open--;
                }

                _open++;
                if (!_sources.TryGetValue(key, out source))
                {
                    source = build();
                    _sources[key] = source;
                }
            }

            if (evicted is not null)
            {
                await evicted.DisposeAsync();
            }

            try
            {
                return await source.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception)
            {
                lock (_gate)
                {
                    _open--;
                }

                throw;
            }
        }
        catch (Exception)
        {
            _busy.Release();
            throw;
        }
    }

    /// <summary>
    /// Takes a borrowed connection back. It is reset before another target can have it; when the reset
    /// fails (a broken connection, a transaction left open) the connection is closed, which ends its
    /// session on the server and with it anything the session still held.
    /// </summary>
    public async Task ReturnAsync(string key, NpgsqlConnection connection)
    {
        try
        {
            if (await ResetAsync(connection))
            {
                lock (_gate)
                {
                    if (!_disposed)
                    {
                        _idle.Add((key, connection));
                        return;
                    }
                }
            }

            lock (_gate)
            {
                _open--;
            }

            await connection.DisposeAsync();
        }
        finally
        {
            _busy.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<(string Key, NpgsqlConnection Connection)> idle;
        List<NpgsqlDataSource> sources;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            _open -= idle.Count;
            sources = [.. _sources.Values];
            _sources.Clear();
        }

        foreach (var (_, connection) in idle)
        {
            await connection.DisposeAsync();
        }

        foreach (var source in sources)
        {
            await source.DisposeAsync();
        }
    }

    private static async Task<bool> ResetAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return false;
        }

        try
        {
            // DISCARD ALL refuses to run inside a transaction: a session that left one open is not reused.
            await using var command = new NpgsqlCommand("DISCARD ALL", connection) { CommandTimeout = 30 };
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }
}
