using System.Globalization;
using Slipway.Planning;

namespace Slipway.Discovery;

/// <summary>
/// Reads <c>-- slipway: ...</c> directives from a script's leading comment lines (before the first SQL).
/// Several directives may share a line, separated by spaces or commas; <c>lint-ignore=ID reason</c>
/// takes the rest of its line as the reason. An unknown directive is an error naming file and line.
/// </summary>
internal static class DirectiveParser
{
    private const string Prefix = "slipway:";

    /// <summary>The directives a script may use, for error messages and docs.</summary>
    public const string Known = "no-transaction, phase=pre-deploy|post-deploy, lock-timeout=<duration>, statement-timeout=<duration>, irreversible, placeholders=on|off|all, lint-ignore=<rule> <reason>";

    /// <summary>Parses the directives of <paramref name="sql"/>; problems name <paramref name="location"/> and the line.</summary>
    public static MigrationDirectives Parse(string sql, string location, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(problems);
        var directives = MigrationDirectives.Default;
        // Only the leading comment lines matter: walk them in place instead of splitting the whole file.
        var rest = Checksum.Normalize(sql).AsSpan();
        for (var lineNumber = 1; ; lineNumber++)
        {
            var end = rest.IndexOf('\n');
            var line = (end < 0 ? rest : rest[..end]).Trim();
            if (line.Length > 0)
            {
                if (!line.StartsWith("--", StringComparison.Ordinal))
                {
                    break;
                }

                var comment = line[2..].Trim();
                if (comment.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    var where = string.Create(CultureInfo.InvariantCulture, $"{location}:{lineNumber}");
                    directives = ParseLine(comment[Prefix.Length..].ToString(), directives, where, problems);
                }
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        return directives;
    }

    private static MigrationDirectives ParseLine(string text, MigrationDirectives directives, string where, ICollection<ValidationProblem> problems)
    {
        var rest = text.Trim();
        while (rest.Length > 0)
        {
            var end = rest.IndexOfAny([' ', '\t', ',']);
            var token = end < 0 ? rest : rest[..end];
            rest = end < 0 ? string.Empty : rest[(end + 1)..].TrimStart(' ', '\t', ',');
            if (token.Length == 0)
            {
                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? token : token[..eq]).ToLowerInvariant();
            var value = eq < 0 ? null : token[(eq + 1)..];
            switch (key)
            {
                case "no-transaction" when value is null:
                    directives = directives with { NoTransaction = true };
                    break;
                case "irreversible" when value is null:
                    directives = directives with { Irreversible = true };
                    break;
                case "phase" when KindNames.TryParsePhase(value) is { } phase:
                    directives = directives with { Phase = phase };
                    break;
                case "lock-timeout" when DurationText.TryParse(value) is { } lockTimeout:
                    directives = directives with { LockTimeout = lockTimeout };
                    break;
                case "statement-timeout" when DurationText.TryParse(value) is { } statementTimeout:
                    directives = directives with { StatementTimeout = statementTimeout };
                    break;
                case "placeholders" when ParsePlaceholders(value) is { } placeholders:
                    directives = directives with { Placeholders = placeholders };
                    break;
                case "lint-ignore" when !string.IsNullOrEmpty(value):
                    directives = directives with { LintIgnores = [.. directives.LintIgnores, new LintIgnore(value, rest.Trim())] };
                    rest = string.Empty;
                    break;
                default:
                    problems.Add(ValidationProblem.Error(
                        "unknown-directive",
                        where,
                        $"unknown or malformed directive '{token}'; known directives: {Known}"));
                    break;
            }
        }

        return directives;
    }

    private static PlaceholderMode? ParsePlaceholders(string? value) => value?.ToLowerInvariant() switch
    {
        "on" => PlaceholderMode.On,
        "off" => PlaceholderMode.Off,
        "all" => PlaceholderMode.All,
        _ => null,
    };
}
