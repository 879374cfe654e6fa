using Slipway.Cli.Output;

namespace Slipway.Cli.Fleets;

/// <summary>A target's failure as an exit code and a message without any target's password.</summary>
internal sealed class FleetErrors(IEnumerable<TargetSpec> targets)
{
    // A password of a few characters would blank out ordinary letters; no message quotes one anyway.
    private readonly string[] _passwords = [.. targets.Select(t => TargetUrls.PasswordOf(t.Url)).OfType<string>().Where(p => p.Length >= 4).Distinct(StringComparer.Ordinal)];

    public (int ExitCode, string Message) Describe(Exception exception)
    {
        var (code, message) = LastResort.Describe(exception);
        return (code, Redact(message));
    }

    public string Redact(string message)
    {
        foreach (var password in _passwords)
        {
            message = message.Replace(password, "***", StringComparison.Ordinal);
        }

        return message;
    }
}
