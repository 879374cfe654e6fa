namespace Slipway.Code;

/// <summary>A C# migration that <c>rollback</c> can undo.</summary>
public interface IReversibleCodeMigration : ICodeMigration
{
    /// <summary>
    /// Undoes <see cref="ICodeMigration.UpAsync"/> inside <see cref="MigrationContext.Transaction"/>, which
    /// also removes the migration's history row: both commit or neither does.
    /// </summary>
    Task DownAsync(MigrationContext context, CancellationToken cancellationToken);
}
