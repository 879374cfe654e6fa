using Microsoft.Extensions.Logging;
using Slipway.Cli.Commands;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Lint;
using Slipway.Sql;

namespace Slipway.Cli.Operations;

/// <summary>What <c>slipway lint</c> and <c>migrate --lint</c> share: settings, dialect and the run itself.</summary>
internal static class LintRunner
{
    /// <summary>
    /// The dialect from <c>--dialect</c>; else the provider of <c>DATABASE_URL</c> when one is set; else
    /// what the SQL says, with a note; else PostgreSQL's rules (the stricter set), with a note. A folder
    /// whose SQL names both databases needs <c>--dialect</c>. Never silently the embedded default.
    /// </summary>
    public static SqlDialect Dialect(string? flag, RunContext context, IReadOnlyList<MigrationScript> scripts)
    {
        if (flag is not null)
        {
            return Databases.Registry.Named(flag.ToLowerInvariant() switch { "postgresql" => "postgres", "mariadb" => "mysql", var name => name })?.Dialect
                ?? throw new ConfigurationException($"--dialect '{flag}' is not supported; use postgres, mysql or sqlite");
        }

        if (context.Settings.DatabaseUrlGiven)
        {
            return context.Factory.Dialect;
        }

        var guess = DialectGuess.From(scripts);
        if (guess.Dialect is { } dialect)
        {
            Note(context, $"no --dialect and no DATABASE_URL: the SQL is {Name(dialect)}'s ({guess.Evidence}), so it is linted with {Name(dialect)}'s rules. Pass --dialect to choose.");
            return dialect;
        }

        if (guess.Evidence is not null)
        {
            throw new ConfigurationException($"lint cannot tell which database these migrations are for: the SQL has {guess.Evidence}. Pass --dialect postgres or --dialect sqlite, or set DATABASE_URL");
        }

        Note(context, "no --dialect, no DATABASE_URL, and nothing in the SQL names a database: linted with PostgreSQL's rules, the stricter set. Pass --dialect sqlite for SQLite migrations.");
        return SqlDialect.PostgreSql;
    }

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

    /// <summary>Lints every up script of the run's sources with the dialect <see cref="Dialect"/> chooses.</summary>
    public static async Task<LintReport> RunAsync(RunContext context, LintSettings settings, string? dialectFlag, CancellationToken cancellationToken)
    {
        var catalog = await MigrationCatalog.LoadAsync(context.Sources, context.Placeholders, cancellationToken);
        IReadOnlyList<MigrationScript> scripts = [.. catalog.Versioned, .. catalog.Repeatable];
        return new Linter(settings).Lint(scripts, Dialect(dialectFlag, context, scripts));
    }

    internal static string Name(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => "PostgreSQL",
        SqlDialect.MySql => "MySQL",
        _ => "SQLite",
    };

    private static void Note(RunContext context, string message) =>
        context.Output.Event(LogLevel.Warning, "lint_dialect", message, []);
}
