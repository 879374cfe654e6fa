using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Slipway.AspNetCore.Configuration;

/// <summary>
/// Reads <c>DATABASE_URL</c> and the <c>Slipway</c> section by hand (no reflection binding, so the
/// integration stays trimming-safe). Runs before the app's own configure action.
/// </summary>
internal sealed class SlipwayConfiguration(IConfiguration configuration) : IConfigureOptions<SlipwayOptions>
{
    public void Configure(SlipwayOptions options)
    {
        var section = configuration.GetSection("Slipway");
        options.DatabaseUrl = NonEmpty(configuration["DATABASE_URL"]) ?? NonEmpty(section["DatabaseUrl"]) ?? options.DatabaseUrl;
        if (NonEmpty(section["MigrationsPath"] ?? configuration["SLIPWAY_MIGRATIONS"]) is { } folder)
        {
            options.AddMigrationsFolder(folder);
        }

        if (NonEmpty(section["MigrateOnStartup"]) is { } migrate)
        {
            options.MigrateOnStartup = bool.TryParse(migrate, out var value)
                ? value
                : throw new OptionsValidationException("Slipway", typeof(SlipwayOptions), [$"Slipway:MigrateOnStartup is '{migrate}'; expected true or false"]);
        }

        if (NonEmpty(section["LockWait"]) is { } lockWait)
        {
            options.LockWait = ParseDuration("Slipway:LockWait", lockWait);
        }

        options.HistorySchema = NonEmpty(section["HistorySchema"]) ?? options.HistorySchema;
        options.HistoryTable = NonEmpty(section["HistoryTable"]) ?? options.HistoryTable;
        options.AppVersion = NonEmpty(section["AppVersion"]) ?? options.AppVersion;
        foreach (var placeholder in section.GetSection("Placeholders").GetChildren())
        {
            // An empty value is a value: a placeholder may stand for nothing.
            options.Placeholders[placeholder.Key] = placeholder.Value ?? string.Empty;
        }
    }

    private static TimeSpan ParseDuration(string key, string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero
            ? value
            : throw new OptionsValidationException("Slipway", typeof(SlipwayOptions), [$"{key} is '{text}'; expected a duration such as 00:05:00"]);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
