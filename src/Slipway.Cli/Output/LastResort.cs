using System.Text.RegularExpressions;
using Slipway.Cli.Configuration;
using Slipway.Diagnostics;

namespace Slipway.Cli.Output;

/// <summary>
/// What the command line says about a failure that is not one of Slipway's own kinds: a driver error is
/// translated by its provider; anything else is a bug, reported in one sentence with exit code
/// <see cref="ExitCodes.InternalError"/>, never as a stack trace. No message printed through here
/// contains the password of the database URL.
/// </summary>
internal static partial class LastResort
{
    /// <summary>A failure kind for any exception: Slipway's own, or a driver error its provider translates; null for a bug.</summary>
    public static SlipwayException? Explain(Exception exception) =>
        exception as SlipwayException ?? Databases.Registry.Translate(exception);

    /// <summary>The exit code and the message of any exception.</summary>
    public static (int ExitCode, string Message) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Explain(exception) is { } failure)
        {
            return (ExitCodeMap.For(failure), Redact(ExitCodeMap.Describe(failure)));
        }

        var first = exception.Message.Split('\n', 2)[0].Trim().TrimEnd('.');
        return (ExitCodes.InternalError, Redact($"slipway stopped on an unexpected error ({first}). Nothing more was changed after it; the current transactional migration, if any, was rolled back. This is a bug: please report it with the command you ran."));
    }

    /// <summary>Removes the password of <c>DATABASE_URL</c> from a message, wherever the message came from.</summary>
    public static string Redact(string message)
    {
        foreach (var url in new[] { Environment.GetEnvironmentVariable("DATABASE_URL"), Flag() })
        {
            if (url is null)
            {
                continue;
            }

            var password = UrlPassword().Match(url) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value)
                : KeyPassword().Match(url) is { Success: true } k ? k.Groups[1].Value
                : null;
            // A password of a few characters would blank out ordinary letters; no message quotes one anyway.
            if (password is { Length: >= 4 })
            {
                message = message.Replace(password, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private static string? Flag()
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(args, "--database-url");
        return index >= 0 && index + 1 < args.Length ? args[index + 1]
            : args.FirstOrDefault(a => a.StartsWith("--database-url=", StringComparison.Ordinal))?["--database-url=".Length..];
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*:([^@/]*)@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\bpassword\s*=\s*([^;]*)")]
    private static partial Regex KeyPassword();
}
