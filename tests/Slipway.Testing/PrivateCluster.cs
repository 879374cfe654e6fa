using System.Globalization;
using Npgsql;

namespace Slipway.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own (initdb in a temp folder, a free loopback port, trust
/// authentication on loopback), for tests that restart or kill the server: the shared test server
/// must never be disturbed. Dispose stops it and deletes its files.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly string _log;

    private PrivateCluster(string root, int port)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        _log = Path.Combine(root, "server.log");
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>A URL for its <c>postgres</c> database as the <c>postgres</c> superuser (no password: trust on loopback).</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"postgresql://postgres@127.0.0.1:{Port}/postgres");

    /// <summary>An Npgsql connection string for the <c>postgres</c> database, unpooled.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");

    private static string Bin(string program) => Path.Combine(PostgresServer.BinDirectory, program);

    /// <summary>initdb + start; about 1.5 s.</summary>
    public static async Task<PrivateCluster> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "slipway-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var cluster = new PrivateCluster(root, OsUser.FreePort());
        await OsUser.GiveAsync(root);
        await OsUser.RunAsync(Bin("initdb"), "-D", cluster._data, "-U", "postgres", "-A", "trust", "--no-sync");
        await File.AppendAllTextAsync(Path.Combine(cluster._data, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            listen_addresses = '127.0.0.1'
            port = {cluster.Port}
            unix_socket_directories = '{cluster._data}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off

            """));
        await OsUser.GiveAsync(root);
        await cluster.PgCtlAsync("start");
        return cluster;
    }

    /// <summary><c>pg_ctl restart -m immediate</c>: every backend dies at once, as in a crash.</summary>
    public Task RestartImmediateAsync() => PgCtlAsync("restart", "-m", "immediate");

    /// <summary>Runs SQL in its <c>postgres</c> database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync("stop", "-m", "immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }

    private Task PgCtlAsync(string action, params string[] extra) =>
        OsUser.RunAsync(Bin("pg_ctl"), [action, "-D", _data, "-l", _log, "-w", "-t", "60", .. extra]);
}
