namespace Slipway.Fleets;

/// <summary>
/// Connections the targets of one fleet run share: a provider that supports it keeps one pool per
/// server in here, so targets of the same server reuse each other's logins instead of opening a
/// connection each. Owned by the run: dispose it when the run is over, which closes every pooled
/// connection. Without it (null in the provider's settings) each target opens its own connection.
/// </summary>
public sealed class SharedConnections : IAsyncDisposable
{
    private readonly Dictionary<string, IAsyncDisposable> _pools = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Creates the run's store; <paramref name="maxPerServer"/> caps the connections a pool keeps to one server, idle or busy.</summary>
    public SharedConnections(int maxPerServer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerServer, 1);
        MaxPerServer = maxPerServer;
    }

    /// <summary>How many connections a pool may hold to one server, busy and idle together.</summary>
    public int MaxPerServer { get; }

    /// <summary>The pool stored under <paramref name="key"/> (e.g. a provider's name and a server), created by <paramref name="create"/> on first use.</summary>
    public T GetOrAdd<T>(string key, Func<T> create)
        where T : class, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pools.TryGetValue(key, out var pool))
            {
                pool = create();
                _pools[key] = pool;
            }

            return (T)pool;
        }
    }

    /// <summary>Closes every pool and its connections.</summary>
    public async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> pools;
        lock (_gate)
        {
            _disposed = true;
            pools = [.. _pools.Values];
            _pools.Clear();
        }

        foreach (var pool in pools)
        {
            await pool.DisposeAsync();
        }
    }
}
