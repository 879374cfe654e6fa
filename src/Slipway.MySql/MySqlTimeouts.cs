using System.Globalization;
using Slipway.Execution;

namespace Slipway.MySql;

/// <summary>
/// A change's limits as session variables, set by the first statement of its round trip: <c>lock_wait_timeout</c>
/// (metadata locks: DDL waiting behind a transaction), <c>innodb_lock_wait_timeout</c> (row locks) and
/// <c>max_statement_time</c> (MariaDB, seconds, any statement) or <c>max_execution_time</c> (MySQL,
/// milliseconds, SELECT only). Both lock limits take whole seconds: a shorter lock timeout waits one second.
/// </summary>
internal static class MySqlTimeouts
{
    /// <summary>
    /// The <c>SET</c> that starts a change: its start time (<paramref name="started"/>, an expression; the
    /// server's clock when null) and its limits (<c>DEFAULT</c>: the server's).
    /// </summary>
    public static string Set(ExecutionSettings settings, bool mariaDb, string? started = null)
    {
        var lockWait = settings.LockTimeout is { } l ? Math.Max(1, (long)Math.Ceiling(l.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : "DEFAULT";
        var statement = (settings.StatementTimeout, mariaDb) switch
        {
            (null, true) => "SESSION max_statement_time = DEFAULT",
            (null, false) => "SESSION max_execution_time = DEFAULT",
            ({ } t, true) => string.Create(CultureInfo.InvariantCulture, $"SESSION max_statement_time = {Math.Max(0.001, t.TotalSeconds):0.###}"),
            ({ } t, false) => string.Create(CultureInfo.InvariantCulture, $"SESSION max_execution_time = {Math.Max(1, (long)t.TotalMilliseconds)}"),
        };
        return $"SET {MySqlHistorySql.StartedVariable} = {started ?? "UTC_TIMESTAMP(6)"}, SESSION lock_wait_timeout = {lockWait}, SESSION innodb_lock_wait_timeout = {lockWait}, {statement}";
    }
}
