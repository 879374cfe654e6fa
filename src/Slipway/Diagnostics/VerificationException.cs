namespace Slipway.Diagnostics;

/// <summary>
/// <c>verify</c> found a migration that is not reversible: its down script leaves the schema different
/// from before, fails, or is missing. Only a scratch target was touched.
/// </summary>
public sealed class VerificationException(string script, string message, Exception? innerException = null)
    : SlipwayException(message, innerException)
{
    /// <summary>The migration that failed verification.</summary>
    public string Script { get; } = script;
}
