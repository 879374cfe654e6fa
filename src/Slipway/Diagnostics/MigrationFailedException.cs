namespace Slipway.Diagnostics;

/// <summary>A migration's SQL failed. For a transactional migration nothing of it remains.</summary>
public sealed class MigrationFailedException(string script, string message, Exception? innerException = null)
    : SlipwayException(message, innerException)
{
    /// <summary>The script that failed, e.g. <c>V3__add_index.sql</c>.</summary>
    public string Script { get; } = script;
}
