namespace Slipway.Diagnostics;

/// <summary>
/// The connection broke while a migration ran. A transactional migration was rolled back by the
/// server; the next run applies it again.
/// </summary>
public sealed class ConnectionLostException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException);
