namespace Slipway.Sql;

/// <summary>What a significant token of a statement is.</summary>
internal enum SqlTokenKind
{
    /// <summary>A keyword, unquoted identifier, number or parameter.</summary>
    Word,

    /// <summary>A quoted identifier: <c>"x"</c> (and in SQLite <c>`x`</c>, <c>[x]</c>).</summary>
    QuotedIdentifier,

    /// <summary>A string literal: <c>'x'</c>, <c>E'x'</c>, <c>$$x$$</c>, <c>$tag$x$tag$</c>.</summary>
    Literal,

    /// <summary>Any other single character: operators, parentheses, commas, dots.</summary>
    Symbol,
}
