using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Slipway.Testing;

/// <summary>
/// A PgBouncer of one test's own, in transaction pooling mode, in front of the shared test server
/// (SLIPWAY_TEST_PG). Installed by scripts/setup.d/15-pgbouncer.sh, started here as the non-root OS user
/// on a free port; dispose stops it.
/// </summary>
/// <remarks>
/// PgBouncer's event loop is single-threaded and writes every log line synchronously. It logs to its log
/// file only (<c>-q</c>), and its stdout/stderr are drained anyway: an unread pipe fills after about
/// 64 KiB of log (two trials of 32 runners) and then blocks PgBouncer, and every client with it.
/// </remarks>
public sealed class PgBouncer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private PgBouncer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Where the binary is (env SLIPWAY_TEST_PGBOUNCER, default /usr/sbin/pgbouncer).</summary>
    public static string Binary => Environment.GetEnvironmentVariable("SLIPWAY_TEST_PGBOUNCER") is { Length: > 0 } bin ? bin : "/usr/sbin/pgbouncer";

    /// <summary>
    /// Starts PgBouncer with <c>pool_mode = transaction</c>, at most <paramref name="poolSize"/> server connections
    /// per database and user, and <paramref name="queryWaitTimeoutSeconds"/> as its <c>query_wait_timeout</c>
    /// (how long a client may wait for a free server connection; PgBouncer's default is 120).
    /// </summary>
    public static async Task<PgBouncer> StartAsync(int poolSize = 20, int queryWaitTimeoutSeconds = 120)
    {
        var server = new Uri(PostgresServer.AdminUrl);
        var user = Uri.UnescapeDataString(server.UserInfo.Split(':', 2)[0]);
        var root = Path.Combine(Path.GetTempPath(), "slipway-pgb-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var port = OsUser.FreePort();
        await File.WriteAllTextAsync(Path.Combine(root, "userlist.txt"), $"\"{user}\" \"{PostgresServer.Password}\"\n");
        var ini = Path.Combine(root, "pgbouncer.ini");
        await File.WriteAllTextAsync(ini, string.Create(CultureInfo.InvariantCulture, $"""
            [databases]
            * = host={server.Host} port={server.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = {root}/userlist.txt
            pool_mode = transaction
            max_client_conn = 1000
            default_pool_size = {poolSize}
            query_wait_timeout = {queryWaitTimeoutSeconds}
            logfile = {root}/pgbouncer.log
            pidfile = {root}/pgbouncer.pid

            """));
        await OsUser.GiveAsync(root);
        var process = new Process { StartInfo = OsUser.StartInfo(Binary, "-q", ini) };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bouncer = new PgBouncer(process, root, port);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return bouncer;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A URL for <paramref name="database"/> through this PgBouncer, with the shared server's credentials.</summary>
    public string UrlFor(string database)
    {
        var builder = new UriBuilder(PostgresServer.AdminUrl) { Port = Port, Path = "/" + database };
        return builder.Uri.ToString();
    }

    /// <summary>The last <paramref name="lines"/> lines of PgBouncer's log, to explain a failed test.</summary>
    public async Task<string> LogTailAsync(int lines = 40)
    {
        try
        {
            // PgBouncer keeps the file open for appending: share it.
            await using var stream = new FileStream(Path.Combine(_root, "pgbouncer.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return "(no PgBouncer log: " + ex.Message + ")";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // runuser forwards SIGTERM to pgbouncer, which then exits.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }
}
