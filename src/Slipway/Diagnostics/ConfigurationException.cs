namespace Slipway.Diagnostics;

/// <summary>A setting is missing or invalid. The message names the setting and the expected form.</summary>
public sealed class ConfigurationException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException);
