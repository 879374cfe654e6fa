using Slipway.Discovery;

namespace Slipway.History;

/// <summary>
/// The history table's columns, how a row reads back and what a record writes, for every provider. A
/// provider supplies the SQL text (selecting <see cref="Columns"/> in this order, inserting
/// <see cref="Written"/>) and its driver's type conversions (<see cref="IHistoryRow"/>), nothing else.
/// </summary>
internal static class HistoryCodec
{
    /// <summary>Every column, in the order a history query selects them: the id first, the down script last.</summary>
    public static IReadOnlyList<HistoryColumn> Columns { get; } =
    [
        new("id", HistoryColumnType.BigNumber, false),
        new("version", HistoryColumnType.Text, true),
        new("description", HistoryColumnType.Text, false),
        new("kind", HistoryColumnType.Text, false),
        new("script", HistoryColumnType.Text, false),
        new("checksum", HistoryColumnType.Text, true),
        new("checksum_algorithm", HistoryColumnType.Number, false),
        new("phase", HistoryColumnType.Text, false),
        new("applied_by", HistoryColumnType.Text, false),
        new("host", HistoryColumnType.Text, true),
        new("app_version", HistoryColumnType.Text, true),
        new("started_at", HistoryColumnType.Timestamp, false),
        new("finished_at", HistoryColumnType.Timestamp, true),
        new("execution_ms", HistoryColumnType.BigNumber, false),
        new("success", HistoryColumnType.Flag, false),
        new("statements_done", HistoryColumnType.Number, false),
        new("backup_file", HistoryColumnType.Text, true),
        new("note", HistoryColumnType.Text, true),
        new("down_script", HistoryColumnType.Text, true),
    ];

    /// <summary>The ordinals of the columns a check of the rows as read uses (<see cref="Planning.UpToDateCheck"/>).</summary>
    public const int VersionOrdinal = 1, KindOrdinal = 3, ChecksumOrdinal = 5, ChecksumAlgorithmOrdinal = 6, SuccessOrdinal = 14;

    /// <summary>The columns an insert writes, in the order of <see cref="Values"/>: all but the id, which the database assigns.</summary>
    public static IReadOnlyList<HistoryColumn> Written { get; } = [.. Columns.Skip(1)];

    /// <summary>The ordinal of the down script, which a query may replace with NULL when not asked for it.</summary>
    public static int DownScriptOrdinal => Columns.Count - 1;

    /// <summary>Maps one row of a query that selects <see cref="Columns"/> in order.</summary>
    public static AppliedMigration Read(IHistoryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string? Text(int i) => row.IsNull(i) ? null : row.GetText(i);
        return new AppliedMigration
        {
            Id = row.GetInt64(0),
            Version = Text(1) is { } version ? MigrationVersion.TryParse(version) : null,
            Description = row.GetText(2),
            Kind = row.GetKind(3),
            Script = row.GetText(4),
            ReadChecksum = row.IsNull(ChecksumOrdinal) ? (null, null)
                : ChecksumBytes(row) is { } bytes ? (bytes, null)
                : (null, row.GetText(ChecksumOrdinal)),
            ChecksumAlgorithm = row.GetInt32(6),
            Phase = row.GetPhase(7),
            AppliedBy = row.GetText(8),
            Host = Text(9),
            AppVersion = Text(10),
            StartedAt = row.GetTimestamp(11),
            FinishedAt = row.IsNull(12) ? null : row.GetTimestamp(12),
            ExecutionMs = row.GetInt64(13),
            Success = row.GetBoolean(14),
            StatementsDone = row.GetInt32(15),
            BackupFile = Text(16),
            Note = Text(17),
            DownScript = Text(18),
        };
    }

    /// <summary>
    /// Every row of a history query, decoded: what <see cref="IMigrationSession.ReadHistoryAsync"/> returns,
    /// given the session's loop that hands each row of its query to a visitor.
    /// </summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ReadAllAsync(Func<Func<IHistoryRow, bool>, Task> readRows)
    {
        ArgumentNullException.ThrowIfNull(readRows);
        var rows = new List<AppliedMigration>();
        await readRows(row =>
        {
            rows.Add(Read(row));
            return true;
        });
        return rows;
    }

    /// <summary>
    /// The checksum of a row whose checksum is not NULL, as bytes; null when it is not algorithm 1's text.
    /// Read from the driver's bytes when it can give them, so no string is made per row.
    /// </summary>
    public static ChecksumValue? ChecksumBytes(IHistoryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var parsed = row.TryGetUtf8(ChecksumOrdinal, out var utf8)
            ? ChecksumValue.TryParse(utf8, out var value)
            : ChecksumValue.TryParse(row.GetText(ChecksumOrdinal), out value);
        return parsed ? value : null;
    }

    /// <summary>
    /// The values an insert of <paramref name="record"/> writes, aligned with <see cref="Written"/>: kind and
    /// phase as their stored names, nulls where neither the record nor the caller gives a value (the
    /// provider's SQL then supplies the server's own time, duration or role).
    /// </summary>
    /// <param name="record">The row to write; its own times and role win (a repair re-writes a row as it was).</param>
    /// <param name="started">When the change started, or null.</param>
    /// <param name="finished">When it finished, or null.</param>
    /// <param name="elapsedMs">How long its SQL ran, or null.</param>
    /// <param name="appliedBy">The role to record, or null.</param>
    public static IReadOnlyList<object?> Values(HistoryRecord record, DateTimeOffset? started, DateTimeOffset? finished, long? elapsedMs, string? appliedBy)
    {
        ArgumentNullException.ThrowIfNull(record);
        return
        [
            record.Version?.Text, record.Description, record.Kind.ToText(), record.Script, record.Checksum,
            record.ChecksumAlgorithm, record.Phase.ToText(), record.AppliedBy ?? appliedBy, record.Host, record.AppVersion,
            record.StartedAt ?? started, record.FinishedAt ?? finished, record.ExecutionMs ?? elapsedMs, record.Success, record.StatementsDone,
            record.BackupFile, record.Note, record.DownScript,
        ];
    }
}
