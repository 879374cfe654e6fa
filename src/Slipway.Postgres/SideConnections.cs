using Npgsql;

namespace Slipway.Postgres;

/// <summary>
/// Where the side connections come from (the lock watchdog, the lease's heartbeat and release): a data
/// source built on first use, since most runs never open one and building it costs a connection-string
/// parse and a data source at every start. Once disposed it opens nothing, as a disposed data source:
/// a lease heartbeat of a session that is gone must not come back to life.
/// </summary>
internal sealed class SideConnections(Func<NpgsqlDataSource> build) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private NpgsqlDataSource? _source;
    private bool _disposed;

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _source ??= build();
        }

        return _source.OpenConnectionAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        return _source?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
