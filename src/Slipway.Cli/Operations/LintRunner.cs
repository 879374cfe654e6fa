using Slipway.Cli.Commands;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Lint;
using Slipway.Sqlite;

namespace Slipway.Cli.Operations;

/// <summary>What <c>slipway lint</c> and <c>migrate --lint</c> share: settings, dialect and the run itself.</summary>
internal static class LintRunner
{
    /// <summary>The dialect from <c>--dialect</c>, else from the form of <c>DATABASE_URL</c>.</summary>
    public static SqlDialect Dialect(string? flag, CliSettings settings) => flag?.ToLowerInvariant() switch
    {
        null => SqliteConnectionUrl.IsSqlite(settings.DatabaseUrl) ? SqlDialect.Sqlite : SqlDialect.Postgres,
        "postgres" or "postgresql" => SqlDialect.Postgres,
        "sqlite" => SqlDialect.Sqlite,
        _ => throw new ConfigurationException($"--dialect '{flag}' is not supported; use postgres or sqlite"),
    };

    /// <summary>Project settings from <paramref name="configPath"/> (else <c>slipway.lint.json</c> when present) plus <c>--disable</c> rules.</summary>
    public static LintSettings Settings(string? configPath, IReadOnlyList<string> disabled)
    {
        if (configPath is not null && !File.Exists(configPath))
        {
            throw new ConfigurationException($"--lint-config / SLIPWAY_LINT_CONFIG names '{configPath}', which does not exist");
        }

        var path = configPath ?? (File.Exists(LintSettings.FileName) ? LintSettings.FileName : null);
        var settings = path is null ? new LintSettings() : LintSettings.Load(path);
        if (disabled.Count == 0)
        {
            return settings;
        }

        var all = new HashSet<string>(settings.Disabled, StringComparer.OrdinalIgnoreCase);
        foreach (var id in disabled)
        {
            all.Add(LintRules.Find(id)?.Id ?? throw new ConfigurationException($"--disable names an unknown rule '{id}'; see 'slipway lint --list-rules'"));
        }

        return settings with { Disabled = all };
    }

    public static async Task<LintReport> RunAsync(RunContext context, LintSettings settings, SqlDialect dialect, IReadOnlySet<string>? reportOnly, CancellationToken cancellationToken)
    {
        var catalog = await MigrationCatalog.LoadAsync(context.Sources, cancellationToken);
        return new Linter(settings).Lint([.. catalog.Versioned, .. catalog.Repeatable], dialect, reportOnly);
    }
}
