namespace Slipway.Diagnostics;

/// <summary>
/// Base of every error Slipway reports on purpose. The subtype says what kind of failure happened
/// (validation, lock, connection, configuration...); a host such as the command line maps kinds to
/// its own outcomes. Any other exception escaping the engine is a bug.
/// </summary>
public class SlipwayException : Exception
{
    /// <summary>Creates an error with a message meant for the operator.</summary>
    public SlipwayException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
