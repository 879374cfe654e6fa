using Slipway.Diagnostics;

namespace Slipway.Backup;

/// <summary>The backup could not be written or verified; a migration that asked for it applies nothing.</summary>
public sealed class BackupFailedException : SlipwayException
{
    /// <summary>Creates the error; the message says what failed and what to check.</summary>
    public BackupFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
