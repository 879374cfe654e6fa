namespace Slipway.Planning;

/// <summary>The text of a <see cref="MigrationState"/>, as <c>status</c>, the status page and JSON documents show it.</summary>
internal static class StateNames
{
    /// <summary>The lowercase name of a state, e.g. <c>below-baseline</c>.</summary>
    public static string ToText(this MigrationState state) => state switch
    {
        MigrationState.Applied => "applied",
        MigrationState.Pending => "pending",
        MigrationState.Failed => "failed",
        MigrationState.Missing => "missing",
        MigrationState.Modified => "modified",
        MigrationState.BelowBaseline => "below-baseline",
        MigrationState.OutOfOrder => "out-of-order",
        _ => "deferred",
    };
}
