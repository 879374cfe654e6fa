using System.Globalization;
using Slipway.Execution;

namespace Slipway.Postgres;

/// <summary>The SQL and startup options that put a run's time limits on the server.</summary>
internal static class PostgresTimeouts
{
    /// <summary>
    /// How often a server backend checks that its client is still there during a long statement
    /// (PostgreSQL 14+). Without it a killed runner's backend keeps its locks until the statement ends.
    /// </summary>
    public const int ClientCheckMs = 1000;

    /// <summary>
    /// <c>-c lock_timeout=5000 -c statement_timeout=0</c>: startup options become the session's reset
    /// values, so <c>RESET lock_timeout</c> and <c>RESET ALL</c> inside a migration return to them.
    /// </summary>
    public static string StartupOptions(ExecutionSettings defaults) =>
        string.Create(CultureInfo.InvariantCulture, $"-c lock_timeout={Ms(defaults.LockTimeout)} -c statement_timeout={Ms(defaults.StatementTimeout)}");

    /// <summary>Transaction-scoped limits for one migration, one statement each.</summary>
    public static IEnumerable<string> SetLocal(ExecutionSettings settings, bool clientCheck)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = {Ms(settings.LockTimeout)}");
        yield return string.Create(CultureInfo.InvariantCulture, $"SET LOCAL statement_timeout = {Ms(settings.StatementTimeout)}");
        if (clientCheck)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"SET LOCAL client_connection_check_interval = {ClientCheckMs}");
        }
    }

    /// <summary>Session-scoped limits around one non-transactional statement (advisory mode only).</summary>
    public static string SetSession(ExecutionSettings settings) =>
        string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {Ms(settings.LockTimeout)}; SET statement_timeout = {Ms(settings.StatementTimeout)}");

    public static long Ms(TimeSpan? value) => value is { } v ? Math.Max(1, (long)v.TotalMilliseconds) : 0;
}
