using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;

namespace Slipway.Cli.Configuration;

/// <summary>
/// Every setting of a run, resolved once: the flag if given, else the environment variable, else the
/// default. Invalid values fail here with a message naming the flag and the variable.
/// </summary>
internal sealed record CliSettings
{
    public required string DatabaseUrl { get; init; }

    /// <summary>False when <see cref="DatabaseUrl"/> is the default (no flag, no variable): nothing names the database.</summary>
    public bool DatabaseUrlGiven { get; init; }

    public required IReadOnlyList<string> MigrationFolders { get; init; }

    /// <summary>The migrations a bundle carries (embedded SQL, C# classes), merged with the folders; empty for the slipway tool.</summary>
    public IReadOnlyList<IMigrationSource> BundleSources { get; init; } = [];

    public string? Schema { get; init; }

    public string Table { get; init; } = HistoryTable.DefaultName;

    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ConnectWait { get; init; }

    public ExecutionSettings Timeouts { get; init; } = new(TimeSpan.FromSeconds(5));

    public int LockRetries { get; init; } = 10;

    /// <summary>The PostgreSQL lock mode by name (advisory or lease); null for the provider's default.</summary>
    public string? LockMode { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    public bool OutOfOrder { get; init; }

    /// <summary>Values of <c>${name}</c> placeholders (flags over <c>SLIPWAY_PLACEHOLDER_*</c>); never printed.</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; init; } = new Dictionary<string, string>();

    public RunIdentity Identity { get; init; } = RunIdentity.Local;

    public static TimeSpan ParseDuration(string? text, string flag, string env, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return DurationText.TryParse(text)
            ?? throw new ConfigurationException($"{flag} / {env} is '{text}', not a duration; use e.g. 500ms, 30s, 5min or 1h");
    }

    public static bool ParseBool(string? text, string flag, string env) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "0" or "false" or "no" => false,
        "1" or "true" or "yes" => true,
        _ => throw new ConfigurationException($"{flag} / {env} is '{text}'; use true or false"),
    };
}
