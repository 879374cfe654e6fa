namespace Slipway.History;

/// <summary>One column of the history table.</summary>
/// <param name="Name">The column's name in every database.</param>
/// <param name="Type">What it holds.</param>
/// <param name="Nullable">True when a row may leave it empty.</param>
internal sealed record HistoryColumn(string Name, HistoryColumnType Type, bool Nullable);
