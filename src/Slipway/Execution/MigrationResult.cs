using System.Globalization;

namespace Slipway.Execution;

/// <summary>The outcome of one migration in a run.</summary>
/// <param name="Script">The script's file name.</param>
/// <param name="Version">Its version text; null for repeatables.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Status">Applied, already applied or failed.</param>
/// <param name="Error">The error message when it failed.</param>
public sealed record MigrationResult(string Script, string? Version, TimeSpan Duration, MigrationStatus Status, string? Error = null)
{
    /// <summary>Reads as <c>OK    V5__posts_view.sql (7 ms)</c>.</summary>
    public override string ToString()
    {
        var label = Status switch
        {
            MigrationStatus.Applied => "OK",
            MigrationStatus.AlreadyApplied => "SKIP",
            _ => "FAIL",
        };
        var ms = ((long)Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return Error is null ? $"{label,-5} {Script} ({ms} ms)" : $"{label,-5} {Script} ({ms} ms): {Error}";
    }
}
