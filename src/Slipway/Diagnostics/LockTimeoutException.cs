namespace Slipway.Diagnostics;

/// <summary>The migration lock could not be taken within the configured wait.</summary>
public sealed class LockTimeoutException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException);
