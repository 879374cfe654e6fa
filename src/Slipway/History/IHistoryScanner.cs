namespace Slipway.History;

/// <summary>
/// A session that can hand each row of its history query to a visitor as the driver reads it, without
/// decoding the row into an <see cref="AppliedMigration"/>: what lets a run with nothing to do check
/// thousands of rows without holding them (see <see cref="Planning.UpToDateCheck"/>).
/// </summary>
internal interface IHistoryScanner
{
    /// <summary>
    /// Runs the query of <see cref="IMigrationSession.ReadHistoryAsync"/> without down scripts and passes each
    /// row to <paramref name="visit"/>, oldest first, until it returns false. A missing history table reads as
    /// no rows, and a table of another shape fails as it does there.
    /// </summary>
    Task ScanHistoryAsync(Func<IHistoryRow, bool> visit, CancellationToken cancellationToken);
}
