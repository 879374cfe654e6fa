using Microsoft.Extensions.Logging;

namespace Slipway.MySql;

/// <summary>Every log event of the MySQL provider, source-generated. Event names are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Warning, "{Script} stopped waiting for a lock (error {Error}); blocking sessions: {Blockers}", EventName = "mysql_lock_wait")]
    public static partial void LockWait(ILogger logger, string script, int error, string blockers);
}
