using Slipway.MySql;
using Slipway.Providers;

namespace Slipway.Cli.Configuration;

/// <summary>
/// How the runtime's socket engine serves the run's connections. The runtime reads these settings once,
/// when the process creates its first socket, so they are set before anything connects; a value the
/// environment already gives wins.
/// </summary>
internal static class SocketEngine
{
    private const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static bool s_fewConnections;

    /// <summary>
    /// One socket event thread: a command talks over one to three connections, and on a node with many cores
    /// the runtime would start more. Not for a fleet, which keeps the runtime's default for its many connections.
    /// </summary>
    public static void ForFewConnections()
    {
        s_fewConnections = true;
        if (Environment.GetEnvironmentVariable(ThreadCount) is null)
        {
            Environment.SetEnvironmentVariable(ThreadCount, "1");
        }
    }

    /// <summary>
    /// Socket completions run on that thread instead of waking a thread-pool worker for every reply, when it
    /// is safe: only for a provider that never waits on its driver's cancellation (MySQL and MariaDB, see
    /// <c>Interruptible</c> in <c>Slipway.MySql</c>). With them inline, a SIGTERM that Npgsql turns into a
    /// cancel request stalls: the request's reads and the cancelled statement's completion both need the one
    /// thread, and the run exits only after the connect timeout.
    /// </summary>
    public static void ForProvider(IProviderFactory factory)
    {
        if (s_fewConnections && factory is MySqlProviderFactory && Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }
}
