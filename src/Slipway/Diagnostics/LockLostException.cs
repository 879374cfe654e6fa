namespace Slipway.Diagnostics;

/// <summary>
/// The run lost its migration lock (a lease that expired because renewals failed, e.g. the process was
/// paused for longer than the lease). The run stops before applying anything else; the migration in
/// flight was rolled back and whoever holds the lock now continues safely.
/// </summary>
public sealed class LockLostException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException);
