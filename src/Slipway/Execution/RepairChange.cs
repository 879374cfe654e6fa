namespace Slipway.Execution;

/// <summary>What one repair changed in history.</summary>
/// <param name="Action"><c>checksum</c>, <c>down-script</c> or <c>removed-failed</c>.</param>
/// <param name="Script">The migration concerned.</param>
/// <param name="Detail">Exactly what changed, e.g. <c>1a2b3c4d5e6f -> 7a8b9c0d1e2f</c>.</param>
public sealed record RepairChange(string Action, string Script, string Detail)
{
    /// <summary>Reads as <c>checksum       V2__add_notes.sql: 1a2b3c4d5e6f -> 7a8b9c0d1e2f</c>.</summary>
    public override string ToString() => $"{Action,-14} {Script}: {Detail}";
}
