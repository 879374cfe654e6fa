using Slipway.Planning;

namespace Slipway.AspNetCore.Status;

/// <summary>The text of a state, as the CLI's <c>status</c> prints it.</summary>
internal static class StateNames
{
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
