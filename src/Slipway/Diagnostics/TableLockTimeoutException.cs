namespace Slipway.Diagnostics;

/// <summary>
/// A migration statement waited longer than its <c>lock_timeout</c> for a table lock (PostgreSQL SQLSTATE
/// 55P03) and was stopped, so traffic never queues behind it for long. A transactional migration was
/// rolled back; the engine retries it with backoff and throws this only when the retries run out.
/// </summary>
public sealed class TableLockTimeoutException(string script, string message, string? blockers = null, Exception? innerException = null)
    : SlipwayException(message, innerException)
{
    /// <summary>The script that waited, e.g. <c>V3__add_column.sql</c>.</summary>
    public string Script { get; } = script;

    /// <summary>
    /// Who held the lock, when the provider could see it, e.g. <c>pid 4242 (app 'web', idle in transaction): UPDATE orders ...</c>;
    /// null when unknown. String literals of the blocking query are masked.
    /// </summary>
    public string? Blockers { get; } = blockers;
}
