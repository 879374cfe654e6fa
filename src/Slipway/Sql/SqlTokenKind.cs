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

    /// <summary>A statement delimiter set with the MySQL client's <c>DELIMITER</c> command, e.g. <c>$$</c> or <c>//</c>.</summary>
    Delimiter,

    /// <summary>
    /// The opening (<c>/*!50001</c>, <c>/*M!100100</c>) or closing <c>*/</c> of a MySQL versioned comment:
    /// part of the statement's text, but not one of its words, since the server runs what is between them.
    /// </summary>
    Mark,
}
