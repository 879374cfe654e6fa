using System.CommandLine;
using System.Globalization;
using Slipway.Diagnostics;
using Slipway.Fleets;

namespace Slipway.Cli.Fleets;

/// <summary>The options every <c>fleet</c> command shares, and their mapping to environment variables.</summary>
internal sealed class FleetFlags
{
    private readonly Option<string?> _targets = new("--targets") { Description = "File with one target a line (- for stdin): a database URL, or schema:NAME for a schema of DATABASE_URL; # starts a comment (env SLIPWAY_TARGETS)", Recursive = true };
    private readonly Option<string?> _targetsQuery = new("--targets-query") { Description = "SQL run read-only on DATABASE_URL; the first column of each row is a target (a bare name means schema:NAME) (env SLIPWAY_TARGETS_QUERY)", Recursive = true };
    private readonly Option<string?> _targetsGlob = new("--targets-glob") { Description = "SQLite files as targets, e.g. 'sqlite:tenants/*.db' (env SLIPWAY_TARGETS_GLOB)", Recursive = true };
    private readonly Option<string?> _parallel = new("--parallel") { Description = "How many targets run at once (env SLIPWAY_PARALLEL). Default: 4", Recursive = true };
    private readonly Option<string?> _maxConnections = new("--max-connections") { Description = "Never more than this many targets of one server at once, whatever --parallel says (env SLIPWAY_MAX_CONNECTIONS). Default: 10", Recursive = true };
    private readonly Option<string?> _canary = new("--canary") { Description = "Run the first N targets first, one by one; if one fails, no other target is touched (env SLIPWAY_CANARY). Default: 0", Recursive = true };
    private readonly Option<string?> _onError = new("--on-error") { Description = "stop (start no new target after a failure; running ones finish) or continue (env SLIPWAY_ON_ERROR). Default: stop; continue for status, validate and plan", Recursive = true };
    private readonly Option<string?> _shard = new("--shard") { Description = "Run only shard I of N, e.g. 2/8 (a stable hash of each target). Default: shard JOB_COMPLETION_INDEX of SLIPWAY_SHARD_COUNT when set (a Kubernetes Indexed Job), else every target", Recursive = true };

    public IEnumerable<Option> All => [_targets, _targetsQuery, _targetsGlob, _parallel, _maxConnections, _canary, _onError, _shard];

    /// <summary>The fleet settings; <paramref name="readOnly"/> commands (status, validate, plan) change nothing, so they go on after a failed target unless told to stop.</summary>
    public FleetSettings Resolve(ParseResult result, bool readOnly = false) => new()
    {
        TargetsFile = result.GetValue(_targets) ?? Env("SLIPWAY_TARGETS"),
        TargetsQuery = result.GetValue(_targetsQuery) ?? Env("SLIPWAY_TARGETS_QUERY"),
        TargetsGlob = result.GetValue(_targetsGlob) ?? Env("SLIPWAY_TARGETS_GLOB"),
        Schedule = new FleetOptions
        {
            Parallel = Count(result.GetValue(_parallel) ?? Env("SLIPWAY_PARALLEL"), "--parallel / SLIPWAY_PARALLEL", 4, 1),
            MaxConnectionsPerServer = Count(result.GetValue(_maxConnections) ?? Env("SLIPWAY_MAX_CONNECTIONS"), "--max-connections / SLIPWAY_MAX_CONNECTIONS", 10, 1),
            Canary = Count(result.GetValue(_canary) ?? Env("SLIPWAY_CANARY"), "--canary / SLIPWAY_CANARY", 0, 0),
            OnError = (result.GetValue(_onError) ?? Env("SLIPWAY_ON_ERROR"))?.Trim().ToLowerInvariant() switch
            {
                null => readOnly ? FleetErrorPolicy.Continue : FleetErrorPolicy.Stop,
                "stop" => FleetErrorPolicy.Stop,
                "continue" => FleetErrorPolicy.Continue,
                var other => throw new ConfigurationException($"--on-error / SLIPWAY_ON_ERROR is '{other}'; use stop or continue"),
            },
            Shard = Shard(result.GetValue(_shard)),
        },
    };

    private static FleetShard? Shard(string? flag)
    {
        if (flag is not null)
        {
            return Wrap(() => FleetShard.Parse(flag), "--shard");
        }

        if (Env("JOB_COMPLETION_INDEX") is not { } index)
        {
            return null;
        }

        var count = Env("SLIPWAY_SHARD_COUNT")
            ?? throw new ConfigurationException("JOB_COMPLETION_INDEX is set (an Indexed Job) but SLIPWAY_SHARD_COUNT is not; set it to the Job's completions, or pass --shard I/N");
        return Wrap(() => FleetShard.Parse(index + "/" + count), "JOB_COMPLETION_INDEX / SLIPWAY_SHARD_COUNT");
    }

    private static FleetShard Wrap(Func<FleetShard> parse, string setting)
    {
        try
        {
            return parse();
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException($"{setting}: {ex.Message}");
        }
    }

    private static int Count(string? text, string setting, int fallback, int minimum) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= 10_000 ? value
        : throw new ConfigurationException($"{setting} is '{text}'; use a whole number from {minimum} to 10000");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
