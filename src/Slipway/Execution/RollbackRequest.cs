using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What <c>rollback</c> should undo.</summary>
public sealed record RollbackRequest
{
    /// <summary>Roll back every applied migration newer than this version; <c>0</c> rolls back everything. Ignored with <see cref="ToKnown"/>.</summary>
    public MigrationVersion? To { get; init; }

    /// <summary>Roll back every applied migration this image has no file for, using the down script stored in history.</summary>
    public bool ToKnown { get; init; }

    /// <summary>Only work out and return the steps; change nothing and take no lock.</summary>
    public bool DryRun { get; init; }
}
