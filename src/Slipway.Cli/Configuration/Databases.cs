using Microsoft.Extensions.Logging;
using Slipway.MySql;
using Slipway.Postgres;
using Slipway.Providers;
using Slipway.Sqlite;

namespace Slipway.Cli.Configuration;

/// <summary>Every provider the command line ships, and its settings in the providers' terms. The only place that names them.</summary>
internal static class Databases
{
    /// <summary>Where the URL comes from, for messages.</summary>
    public const string Setting = "--database-url / DATABASE_URL";

    public static ProviderRegistry Registry { get; } = new([new PostgresProviderFactory(), new MySqlProviderFactory(), new SqliteProviderFactory()]);

    /// <summary>The factory for the run's URL; an unknown form is a configuration error naming the accepted ones.</summary>
    public static IProviderFactory Find(CliSettings settings) => Registry.Find(settings.DatabaseUrl, Setting);

    public static ProviderSettings For(CliSettings settings, ILoggerFactory? loggers = null, string? toolsDirectory = null) => new()
    {
        Url = settings.DatabaseUrl,
        HistorySchema = settings.Schema,
        HistoryTable = settings.Table,
        LockWait = settings.LockWait,
        SessionDefaults = settings.Timeouts,
        LockMode = settings.LockMode,
        LeaseDuration = settings.LeaseDuration,
        ToolsDirectory = toolsDirectory,
        Loggers = loggers,
    };
}
