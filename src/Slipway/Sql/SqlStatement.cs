namespace Slipway.Sql;

/// <summary>
/// One statement of a script. The <see cref="Text"/> of all statements of a script, joined in order,
/// is exactly the script: leading comments belong to the statement after them, trailing ones to the
/// statement before.
/// </summary>
internal sealed record SqlStatement
{
    /// <summary>How many leading tokens <see cref="Tokens"/> keeps: enough to classify a statement.</summary>
    public const int MaxTokens = 16;

    /// <summary>The exact slice of the script, with surrounding whitespace, comments and the terminating semicolon.</summary>
    public required string Text { get; init; }

    /// <summary>What to send to the server: from the first token to the last, without the terminating semicolon.</summary>
    public required string Sql { get; init; }

    /// <summary>Where <see cref="Text"/> starts in the script (0-based character offset).</summary>
    public required int Offset { get; init; }

    /// <summary>The 1-based line of the script on which the statement's first token is.</summary>
    public required int Line { get; init; }

    /// <summary>The first <see cref="MaxTokens"/> significant tokens, at any parenthesis depth.</summary>
    public required IReadOnlyList<SqlToken> Tokens { get; init; }

    /// <summary>True when the token at <paramref name="index"/> is the keyword <paramref name="keyword"/>.</summary>
    public bool WordAt(int index, string keyword) => index < Tokens.Count && Tokens[index].Is(keyword);

    /// <inheritdoc />
    public override string ToString() => Sql;
}
