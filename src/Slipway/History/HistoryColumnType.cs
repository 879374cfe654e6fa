namespace Slipway.History;

/// <summary>What a history column holds; each provider maps it to a type of its own database.</summary>
internal enum HistoryColumnType
{
    /// <summary>Text of any length.</summary>
    Text,

    /// <summary>A 32-bit integer.</summary>
    Number,

    /// <summary>A 64-bit integer (the row id, durations).</summary>
    BigNumber,

    /// <summary>True or false.</summary>
    Flag,

    /// <summary>A point in time with its offset.</summary>
    Timestamp,
}
