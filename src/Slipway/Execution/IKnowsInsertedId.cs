namespace Slipway.Execution;

/// <summary>
/// What a session (<see cref="IMigrationSession"/>) implements when its history insert tells it the new row's
/// id. Optional: a statement-by-statement run replaces its progress row by id after every statement, and
/// without this it reads the whole history back to find that id.
/// </summary>
internal interface IKnowsInsertedId
{
    /// <summary>
    /// The id of the history row the last <see cref="IMigrationSession.ApplyAsync"/> inserted when it
    /// returned true; null after any other outcome, or when that change inserted no row.
    /// </summary>
    long? LastInsertedId { get; }
}
