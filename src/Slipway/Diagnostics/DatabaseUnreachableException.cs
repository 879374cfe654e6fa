namespace Slipway.Diagnostics;

/// <summary>
/// The database could not be reached (refused, DNS, TLS, authentication). Providers throw it from
/// <see cref="IMigrationProvider.OpenAsync"/>; the engine retries it until the connect wait (<see cref="Execution.MigratorOptions.ConnectWait"/>) runs out.
/// Its message never contains a password.
/// </summary>
public sealed class DatabaseUnreachableException(string message, Exception? innerException = null, bool isTransient = true)
    : SlipwayException(message, innerException)
{
    /// <summary>False when waiting cannot help (bad password, unknown database): the engine stops at once.</summary>
    public bool IsTransient { get; } = isTransient;
}
