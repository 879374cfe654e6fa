using Npgsql;

namespace Slipway.Postgres;

/// <summary>A session's own connection and the data source it came from, both closed with the session.</summary>
internal sealed class OwnedConnection(NpgsqlConnection connection, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
