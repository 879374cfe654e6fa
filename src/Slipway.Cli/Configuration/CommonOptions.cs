using System.CommandLine;
using Slipway.Diagnostics;
using Slipway.Execution;
using Slipway.History;
using Slipway.Sqlite;

namespace Slipway.Cli.Configuration;

/// <summary>The options every command shares, and their mapping to environment variables.</summary>
internal sealed class CommonOptions
{
    public Option<string?> DatabaseUrl { get; } = new("--database-url") { Description = "Target database (env DATABASE_URL): postgresql://user:pass@host:5432/db?sslmode=require, mysql://user:pass@host:3306/db or sqlite:path.db. Default: sqlite:slipway.db", Recursive = true };

    public Option<string[]> Migrations { get; } = new("--migrations", "-m") { Description = "Migrations folder; repeat to merge several (env SLIPWAY_MIGRATIONS, ':'-separated). Default: ./migrations", Recursive = true, AllowMultipleArgumentsPerToken = false };

    public Option<string?> Schema { get; } = new("--schema") { Description = "Schema of the history table (env SLIPWAY_SCHEMA). Default: the connection's search_path", Recursive = true };

    public Option<string?> Table { get; } = new("--table") { Description = "Name of the history table (env SLIPWAY_TABLE). Default: slipway_history", Recursive = true };

    public Option<string?> LockWait { get; } = new("--lock-wait") { Description = "How long to wait for another runner's lock (env SLIPWAY_LOCK_WAIT). Default: 5min", Recursive = true };

    public Option<string?> Wait { get; } = new("--wait") { Description = "Keep retrying an unreachable database this long (env SLIPWAY_WAIT). Default: 0 (fail at once)", Recursive = true };

    public Option<string?> LockTimeout { get; } = new("--lock-timeout") { Description = "lock_timeout for each migration (env SLIPWAY_LOCK_TIMEOUT). Default: 5s", Recursive = true };

    public Option<string?> StatementTimeout { get; } = new("--statement-timeout") { Description = "statement_timeout for each migration (env SLIPWAY_STATEMENT_TIMEOUT). Default: none", Recursive = true };

    public Option<string?> LockRetries { get; } = new("--lock-retries") { Description = "How often to retry a migration that hit its lock_timeout, with exponential backoff and jitter (env SLIPWAY_LOCK_RETRIES). Default: 10", Recursive = true };

    public Option<string?> LockMode { get; } = new("--lock-mode") { Description = "PostgreSQL: advisory (session lock; direct connections) or lease (lease row; safe behind PgBouncer transaction pooling) (env SLIPWAY_LOCK_MODE). Default: advisory", Recursive = true };

    public Option<string?> LeaseDuration { get; } = new("--lease-duration") { Description = "Lease mode: how long a lease lives without a heartbeat; a dead runner blocks others at most this long (env SLIPWAY_LEASE_DURATION). Default: 30s", Recursive = true };

    public Option<string?> LogFormat { get; } = new("--log-format") { Description = "text or json (env SLIPWAY_LOG_FORMAT). Default: text", Recursive = true };

    public Option<string?> AppVersion { get; } = new("--app-version") { Description = "Application version recorded in history (env SLIPWAY_APP_VERSION)", Recursive = true };

    public Option<bool> OutOfOrder { get; } = new("--out-of-order") { Description = "Allow applying a pending migration older than the newest applied one (env SLIPWAY_OUT_OF_ORDER)", Recursive = true };

    public Option<string[]> Placeholder { get; } = new("--placeholder") { Description = "Value of a ${name} placeholder in the scripts, as name=value; repeat for several (env SLIPWAY_PLACEHOLDER_NAME=value)", Recursive = true, AllowMultipleArgumentsPerToken = false };

    /// <summary>The migrations an app's bundle carries; null for the slipway tool.</summary>
    public SlipwayBundle? Bundle { get; init; }

    public IEnumerable<Option> All => [DatabaseUrl, Migrations, Schema, Table, LockWait, Wait, LockTimeout, StatementTimeout, LockRetries, LockMode, LeaseDuration, LogFormat, AppVersion, OutOfOrder, Placeholder];

    public bool IsJson(ParseResult result)
    {
        var format = result.GetValue(LogFormat) ?? Env("SLIPWAY_LOG_FORMAT") ?? "text";
        return format.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            _ => throw new ConfigurationException($"--log-format / SLIPWAY_LOG_FORMAT is '{format}'; use text or json"),
        };
    }

    public CliSettings Resolve(ParseResult result)
    {
        var named = result.GetValue(Migrations) is { Length: > 0 } given
            ? given
            : Env("SLIPWAY_MIGRATIONS")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // A bundle carries its migrations: the default folder is read only when nothing else names any.
        string[] folders = named ?? (Bundle is null ? ["migrations"] : []);
        var lockTimeout = CliSettings.ParseDuration(result.GetValue(LockTimeout) ?? Env("SLIPWAY_LOCK_TIMEOUT"), "--lock-timeout", "SLIPWAY_LOCK_TIMEOUT", TimeSpan.FromSeconds(5));
        var statementTimeout = CliSettings.ParseDuration(result.GetValue(StatementTimeout) ?? Env("SLIPWAY_STATEMENT_TIMEOUT"), "--statement-timeout", "SLIPWAY_STATEMENT_TIMEOUT", TimeSpan.Zero);
        var url = result.GetValue(DatabaseUrl) ?? Env("DATABASE_URL");
        return new CliSettings
        {
            DatabaseUrl = url ?? SqliteConnectionUrl.DefaultUrl,
            DatabaseUrlGiven = url is not null,
            MigrationFolders = folders,
            BundleSources = Bundle?.Sources ?? [],
            Schema = result.GetValue(Schema) ?? Env("SLIPWAY_SCHEMA"),
            Table = result.GetValue(Table) ?? Env("SLIPWAY_TABLE") ?? HistoryTable.DefaultName,
            LockWait = CliSettings.ParseDuration(result.GetValue(LockWait) ?? Env("SLIPWAY_LOCK_WAIT"), "--lock-wait", "SLIPWAY_LOCK_WAIT", TimeSpan.FromMinutes(5)),
            ConnectWait = CliSettings.ParseDuration(result.GetValue(Wait) ?? Env("SLIPWAY_WAIT"), "--wait", "SLIPWAY_WAIT", TimeSpan.Zero),
            Timeouts = new ExecutionSettings(
                lockTimeout == TimeSpan.Zero ? null : lockTimeout,
                statementTimeout == TimeSpan.Zero ? null : statementTimeout),
            LockRetries = ParseRetries(result.GetValue(LockRetries) ?? Env("SLIPWAY_LOCK_RETRIES")),
            LockMode = ParseLockMode(result.GetValue(LockMode) ?? Env("SLIPWAY_LOCK_MODE")),
            LeaseDuration = CliSettings.ParseDuration(result.GetValue(LeaseDuration) ?? Env("SLIPWAY_LEASE_DURATION"), "--lease-duration", "SLIPWAY_LEASE_DURATION", TimeSpan.FromSeconds(30)) is { TotalMilliseconds: >= 300 } lease
                ? lease
                : throw new ConfigurationException("--lease-duration / SLIPWAY_LEASE_DURATION must be at least 300ms; use e.g. 30s"),
            Placeholders = PlaceholderSettings.Resolve(result.GetValue(Placeholder), Environment.GetEnvironmentVariables()),
            OutOfOrder = result.GetValue(OutOfOrder) || CliSettings.ParseBool(Env("SLIPWAY_OUT_OF_ORDER"), "--out-of-order", "SLIPWAY_OUT_OF_ORDER"),
            Identity = new RunIdentity(
                Env("HOSTNAME") ?? Environment.MachineName,
                result.GetValue(AppVersion) ?? Env("SLIPWAY_APP_VERSION")),
        };
    }

    private static int ParseRetries(string? text) =>
        text is null ? 10
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var retries) && retries <= 1000 ? retries
        : throw new ConfigurationException($"--lock-retries / SLIPWAY_LOCK_RETRIES is '{text}'; use a whole number from 0 to 1000");

    private static string? ParseLockMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "advisory" or "lease" => text.Trim().ToLowerInvariant(),
        _ => throw new ConfigurationException($"--lock-mode / SLIPWAY_LOCK_MODE is '{text}'; use advisory (direct connections) or lease (behind PgBouncer in transaction pooling mode)"),
    };

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
