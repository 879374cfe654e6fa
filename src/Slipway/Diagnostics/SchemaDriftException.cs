namespace Slipway.Diagnostics;

/// <summary>A schema differs from what it should be: a committed schema file is out of date.</summary>
public sealed class SchemaDriftException(string message) : SlipwayException(message);
