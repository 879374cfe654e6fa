namespace Slipway.Diagnostics;

/// <summary>A setting is missing or invalid. The message names the setting and the expected form.</summary>
public sealed class ConfigurationException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException)
{
    /// <summary>The value of <see cref="Setting"/> for the folders or sources migrations are read from.</summary>
    public const string MigrationsSetting = "migrations";

    /// <summary>
    /// Which setting is at fault, by the engine's name for it (e.g. <see cref="MigrationsSetting"/>), so
    /// a host can name its own flag or key; null when the message names it already.
    /// </summary>
    public string? Setting { get; init; }
}
