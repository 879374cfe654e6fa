namespace Slipway.Code;

/// <summary>
/// A migration written in C#, for what SQL cannot do well (a data backfill that calls your own code).
/// Mark the class with <see cref="MigrationAttribute"/>; it is ordered by that version together with the
/// SQL files and runs in one transaction together with its history row: when <see cref="UpAsync"/>
/// throws, nothing it did and no history row remains. Implement <see cref="IReversibleCodeMigration"/>
/// to make it reversible. The class needs a public parameterless constructor; a new instance runs each time.
/// </summary>
public interface ICodeMigration
{
    /// <summary>
    /// Applies the migration through <see cref="MigrationContext.Connection"/> inside
    /// <see cref="MigrationContext.Transaction"/>. Do not commit, roll back or begin transactions: Slipway
    /// commits together with the history row. Throw to fail the migration. It may run again after a
    /// rolled-back attempt (a lock timeout is retried), never after a committed one.
    /// </summary>
    Task UpAsync(MigrationContext context, CancellationToken cancellationToken);
}
