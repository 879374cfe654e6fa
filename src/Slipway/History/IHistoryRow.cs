namespace Slipway.History;

/// <summary>
/// One row of a history query, as a provider's driver reads it: the type conversions are the provider's,
/// the mapping to <see cref="AppliedMigration"/> is <see cref="HistoryCodec.Read"/>'s. Ordinals are
/// positions in <see cref="HistoryCodec.Columns"/>.
/// </summary>
internal interface IHistoryRow
{
    /// <summary>True when the value is SQL NULL.</summary>
    bool IsNull(int ordinal);

    /// <summary>A text value.</summary>
    string GetText(int ordinal);

    /// <summary>
    /// A text value's UTF-8 bytes without making a string, valid until the next call; false when the driver
    /// cannot give them without allocating (then <see cref="GetText"/> reads the value). Never for NULL.
    /// </summary>
    bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8);

    /// <summary>A 32-bit integer value.</summary>
    int GetInt32(int ordinal);

    /// <summary>A 64-bit integer value.</summary>
    long GetInt64(int ordinal);

    /// <summary>A boolean value.</summary>
    bool GetBoolean(int ordinal);

    /// <summary>A point in time.</summary>
    DateTimeOffset GetTimestamp(int ordinal);

    /// <summary>The <c>kind</c> column; unknown names read as <see cref="Discovery.MigrationKind.Versioned"/>.</summary>
    Discovery.MigrationKind GetKind(int ordinal);

    /// <summary>The <c>phase</c> column; unknown names read as <see cref="Discovery.MigrationPhase.PreDeploy"/>.</summary>
    Discovery.MigrationPhase GetPhase(int ordinal);
}
