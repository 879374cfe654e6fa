namespace Slipway.Diagnostics;

/// <summary>
/// Base of every error Slipway reports on purpose. The CLI maps each subtype to one exit code
/// (see <see cref="ExitCodes"/>); anything else is a bug.
/// </summary>
public class SlipwayException : Exception
{
    /// <summary>Creates an error with a message meant for the operator.</summary>
    public SlipwayException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The process exit code this error maps to.</summary>
    public virtual int ExitCode => ExitCodes.MigrationFailed;
}
