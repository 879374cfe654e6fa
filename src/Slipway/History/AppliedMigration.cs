using Slipway.Discovery;

namespace Slipway.History;

/// <summary>One row of the history table as read back.</summary>
public sealed record AppliedMigration
{
    // The checksum as bytes, or as read when it is not algorithm 1's text (see ChecksumValue).
    private readonly ChecksumValue? _checksum;
    private readonly string? _checksumText;

    /// <summary>The row's rank: increases with every row written.</summary>
    public required long Id { get; init; }

    /// <summary>The version; null for repeatables and audit rows.</summary>
    public MigrationVersion? Version { get; init; }

    /// <summary>The description.</summary>
    public required string Description { get; init; }

    /// <summary>What the row records.</summary>
    public required MigrationKind Kind { get; init; }

    /// <summary>The script's file name.</summary>
    public required string Script { get; init; }

    /// <summary>The checksum recorded at apply time; null for baseline and audit rows.</summary>
    public string? Checksum
    {
        get => _checksum?.ToString() ?? _checksumText;
        init => (_checksum, _checksumText) = Stored(null, value);
    }

    /// <summary>Sets the checksum as the history codec read it: its bytes when the driver gave them, else its text.</summary>
    internal (ChecksumValue? Bytes, string? Text) ReadChecksum
    {
        init => (_checksum, _checksumText) = Stored(value.Bytes, value.Text);
    }

    // Bytes when given or when the text is algorithm 1's, the text otherwise.
    private static (ChecksumValue?, string?) Stored(ChecksumValue? bytes, string? text)
    {
        if (bytes is not null)
        {
            return (bytes, null);
        }

        return ChecksumValue.TryParse(text, out var parsed) ? (parsed, null) : (null, text);
    }

    /// <summary>True when the row has a checksum.</summary>
    internal bool HasChecksum => _checksum is not null || _checksumText is not null;

    /// <summary>
    /// Whether <paramref name="script"/> is the text this row applied: null when the row has no checksum or
    /// one written with an algorithm this Slipway cannot compute.
    /// </summary>
    internal bool? Matches(MigrationScript script) =>
        !HasChecksum || !Discovery.Checksum.IsKnown(ChecksumAlgorithm) ? null : SameChecksum(script);

    /// <summary>
    /// True when the row's checksum is the one <paramref name="script"/> has with the row's algorithm;
    /// compared as bytes, without making either text, when both are algorithm 1's.
    /// </summary>
    internal bool SameChecksum(MigrationScript script) =>
        ChecksumAlgorithm == Discovery.Checksum.CurrentAlgorithm && _checksum is { } mine && script.ChecksumBytes is { } theirs
            ? mine.Equals(theirs)
            : string.Equals(Checksum, Discovery.Checksum.Of(script, ChecksumAlgorithm), StringComparison.Ordinal);

    /// <summary>The algorithm <see cref="Checksum"/> was computed with.</summary>
    public int ChecksumAlgorithm { get; init; } = Discovery.Checksum.CurrentAlgorithm;

    /// <summary>The phase the migration ran in.</summary>
    public MigrationPhase Phase { get; init; }

    /// <summary>The database role that applied it.</summary>
    public string? AppliedBy { get; init; }

    /// <summary>The host (pod name) that applied it.</summary>
    public string? Host { get; init; }

    /// <summary>The application version that shipped the migration, when given.</summary>
    public string? AppVersion { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How long the SQL ran.</summary>
    public long ExecutionMs { get; init; }

    /// <summary>False only for a non-transactional migration that stopped part way.</summary>
    public bool Success { get; init; } = true;

    /// <summary>Statements completed so far (non-transactional migrations).</summary>
    public int StatementsDone { get; init; }

    /// <summary>The down script's text at apply time, when read; lets an older image roll this back.</summary>
    public string? DownScript { get; init; }

    /// <summary>The backup taken before this migration, if any.</summary>
    public string? BackupFile { get; init; }

    /// <summary>Free text for audit rows (what a repair or rollback changed).</summary>
    public string? Note { get; init; }
}
