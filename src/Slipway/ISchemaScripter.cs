namespace Slipway;

/// <summary>
/// Optional provider capability used by <c>squash</c>: writes a target as one SQL script. Implement it on the
/// same class as <see cref="IMigrationProvider"/> and <see cref="ISchemaTools"/>; the engine calls it on
/// scratch targets only and reports a clear error when a provider lacks it.
/// </summary>
public interface ISchemaScripter
{
    /// <summary>
    /// Returns a script that builds this target's schema and rows on an empty target of the same kind, in
    /// dependency order, in one transaction: deterministic text (the same target gives the same bytes),
    /// every statement ending in a semicolon, no history table, no setting that outlives its transaction.
    /// Must not change the target.
    /// </summary>
    Task<string> ScriptAsync(CancellationToken cancellationToken = default);
}
