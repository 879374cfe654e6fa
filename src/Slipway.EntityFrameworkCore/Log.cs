using Microsoft.Extensions.Logging;

namespace Slipway.EntityFrameworkCore;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Adopted the database EF Core migrated for {Context}: baselined at version {Version}, nothing re-applied")]
    public static partial void Adopted(ILogger logger, string context, string version);
}
