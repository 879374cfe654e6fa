namespace Slipway.Sql;

/// <summary>One significant token (never whitespace or a comment) as written in the script.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its exact text, quotes included.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text)
{
    /// <summary>True when this is the unquoted word <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when this is the symbol <paramref name="symbol"/>.</summary>
    public bool Is(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;
}
