using Slipway.Diagnostics;
using Slipway.MySql;
using Slipway.Postgres;
using Slipway.Providers;
using Slipway.Sqlite;

namespace Slipway.AspNetCore.Configuration;

/// <summary>
/// The providers the integration ships and the choice between them: the one named by
/// <see cref="SlipwayOptions.UsePostgres"/> / <see cref="SlipwayOptions.UseMySql"/> / <see cref="SlipwayOptions.UseSqlite"/>, else the one whose
/// URL form <see cref="SlipwayOptions.DatabaseUrl"/> has, through the same registry as the command line.
/// </summary>
internal static class ProviderSelector
{
    private const string Setting = "DATABASE_URL (or Slipway:DatabaseUrl)";

    public static ProviderRegistry Registry { get; } = new([new PostgresProviderFactory(), new MySqlProviderFactory(), new SqliteProviderFactory()]);

    public static IMigrationProvider Create(SlipwayOptions options) => Create(options, options.DatabaseUrl!, options.HistorySchema);

    /// <summary>The provider of the app's database at another URL of it (a tenant's search path) and history schema.</summary>
    public static IMigrationProvider Create(SlipwayOptions options, string url, string? historySchema) => Find(options).Create(new ProviderSettings
    {
        Url = url,
        HistorySchema = historySchema,
        HistoryTable = options.HistoryTable,
        LockWait = options.LockWait,
    });

    /// <summary>A driver exception as a failure kind with an actionable message; the exception itself when no provider knows it.</summary>
    public static Exception Explain(Exception exception) => exception as SlipwayException ?? Registry.Translate(exception) ?? exception;

    private static IProviderFactory Find(SlipwayOptions options)
    {
        if (options.ProviderName is not { } name)
        {
            return Registry.Find(options.DatabaseUrl, Setting);
        }

        var factory = Registry.Named(name) ?? throw new ConfigurationException($"No provider named '{name}'");
        return string.IsNullOrWhiteSpace(options.DatabaseUrl) || !factory.Accepts(options.DatabaseUrl)
            ? throw new ConfigurationException($"Use{name switch { "postgres" => "Postgres", "mysql" => "MySql", _ => "Sqlite" }}(...) was given a value that is not of its form; expected {factory.UrlForms}")
            : factory;
    }
}
