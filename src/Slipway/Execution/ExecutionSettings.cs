namespace Slipway.Execution;

/// <summary>Per-migration limits a provider applies for the duration of one change.</summary>
/// <param name="LockTimeout">How long one statement may wait for a table lock before giving up (PostgreSQL <c>lock_timeout</c>); null: server default.</param>
/// <param name="StatementTimeout">How long one statement may run (PostgreSQL <c>statement_timeout</c>); null: server default.</param>
public sealed record ExecutionSettings(TimeSpan? LockTimeout = null, TimeSpan? StatementTimeout = null)
{
    /// <summary>No limits beyond the server's own.</summary>
    public static ExecutionSettings None { get; } = new();
}
