using Microsoft.Extensions.Logging;

namespace Slipway.Postgres;

/// <summary>Every log event of the PostgreSQL provider, source-generated. Event names are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Warning, "Index {Index} is INVALID (left by an interrupted CREATE INDEX CONCURRENTLY); dropping it concurrently and building it again", EventName = "invalid_index_rebuilt")]
    public static partial void RebuildingInvalidIndex(ILogger logger, string index);

    [LoggerMessage(101, LogLevel.Information, "The runner that held the migration lock announced its release", EventName = "lock_release_heard")]
    public static partial void LockReleaseHeard(ILogger logger);
}
