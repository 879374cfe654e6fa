using Microsoft.Extensions.Logging;

namespace Slipway.AspNetCore;

/// <summary>Every log event of the ASP.NET Core integration, source-generated. Event names are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Warning, "Cannot read the schema status: {Reason}", EventName = "status_read_failed")]
    public static partial void StatusReadFailed(ILogger logger, string reason);

    [LoggerMessage(102, LogLevel.Information, "Migrating {Database} on startup", EventName = "startup_migration_started")]
    public static partial void StartupMigrationStarted(ILogger logger, string database);

    [LoggerMessage(103, LogLevel.Information, "Startup migration done: {Applied} applied, schema at version {Version}, {ElapsedMs} ms", EventName = "startup_migration_done")]
    public static partial void StartupMigrationDone(ILogger logger, int applied, string version, long elapsedMs);

    [LoggerMessage(104, LogLevel.Error, "Startup migration failed; the app stays unready until the schema is migrated: {Reason}", EventName = "startup_migration_failed")]
    public static partial void StartupMigrationFailed(ILogger logger, string reason);

    [LoggerMessage(105, LogLevel.Information, "Migrate-on-startup is off; run `slipway migrate` (or the chart's migration Job) before this app becomes ready", EventName = "startup_migration_off")]
    public static partial void StartupMigrationOff(ILogger logger);

    [LoggerMessage(106, LogLevel.Warning, "The Slipway status endpoint {Path} has no authorization policy; refusing requests. Chain .RequireAuthorization(\"policy\") or .AllowAnonymous() to MapSlipwayStatus", EventName = "status_unprotected")]
    public static partial void StatusUnprotected(ILogger logger, string path);
}
