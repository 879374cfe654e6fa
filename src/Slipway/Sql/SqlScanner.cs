namespace Slipway.Sql;

/// <summary>
/// Reads one token at a time. Whitespace and comments are skipped (counting lines); everything with
/// quotes is read whole, so a semicolon inside a string, identifier, dollar quote or comment is never
/// seen as a statement end. Unterminated quotes and comments run to the end of the script.
/// </summary>
internal sealed class SqlScanner(string sql, SqlDialect dialect)
{
    private int _position;

    /// <summary>The current 1-based line.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>Skips whitespace and comments; returns false at the end of the script.</summary>
    public bool SkipTrivia()
    {
        while (_position < sql.Length)
        {
            var c = sql[_position];
            if (c == '\n')
            {
                Line++;
                _position++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                var end = sql.IndexOf('\n', _position);
                _position = end < 0 ? sql.Length : end;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the token at the current position (call <see cref="SkipTrivia"/> first); returns its start.</summary>
    public (SqlToken Token, int Start, int End) Next()
    {
        var start = _position;
        var c = sql[_position];
        SqlTokenKind kind;
        if (c == '\'')
        {
            ReadQuoted('\'', backslashEscapes: false);
            kind = SqlTokenKind.Literal;
        }
        else if (c == '"' || (dialect == SqlDialect.Sqlite && c == '`'))
        {
            ReadQuoted(c, backslashEscapes: false);
            kind = SqlTokenKind.QuotedIdentifier;
        }
        else if (c == '[' && dialect == SqlDialect.Sqlite)
        {
            ReadUntil("]");
            kind = SqlTokenKind.QuotedIdentifier;
        }
        else if (c == '$' && dialect == SqlDialect.PostgreSql && DollarTag() is { } tag)
        {
            _position += tag.Length;
            ReadUntil(tag);
            kind = SqlTokenKind.Literal;
        }
        else if (IsWordChar(c))
        {
            while (_position < sql.Length && IsWordChar(sql[_position]))
            {
                _position++;
            }

            kind = SqlTokenKind.Word;
            if (dialect == SqlDialect.PostgreSql && _position - start == 1 && (c is 'E' or 'e') && Peek(0) == '\'')
            {
                // E'...' : backslash escapes, so \' does not end the string.
                ReadQuoted('\'', backslashEscapes: true);
                kind = SqlTokenKind.Literal;
            }
        }
        else
        {
            _position++;
            kind = SqlTokenKind.Symbol;
        }

        return (new SqlToken(kind, sql[start.._position]), start, _position);
    }

    private char Peek(int offset) => _position + offset < sql.Length ? sql[_position + offset] : '\0';

    // '$' continues a PostgreSQL identifier and starts a parameter ($1, SQLite $name); a dollar
    // quote is recognised before a word is tried, and never inside a word, as in the server's lexer.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c >= '\u0080';

    private void SkipBlockComment()
    {
        // PostgreSQL nests /* */ comments; SQLite ends a comment at the first */.
        var depth = 0;
        while (_position < sql.Length)
        {
            if (sql[_position] == '/' && Peek(1) == '*' && (depth == 0 || dialect == SqlDialect.PostgreSql))
            {
                depth++;
                _position += 2;
            }
            else if (sql[_position] == '*' && Peek(1) == '/')
            {
                _position += 2;
                if (--depth == 0)
                {
                    return;
                }
            }
            else
            {
                Advance();
            }
        }
    }

    private void ReadQuoted(char quote, bool backslashEscapes)
    {
        _position++;
        while (_position < sql.Length)
        {
            var c = sql[_position];
            if (backslashEscapes && c == '\\')
            {
                _position++;
                if (_position < sql.Length)
                {
                    Advance();
                }
            }
            else if (c == quote)
            {
                _position++;
                if (Peek(0) != quote)
                {
                    return;
                }

                _position++;
            }
            else
            {
                Advance();
            }
        }
    }

    private void ReadUntil(string terminator)
    {
        var end = sql.IndexOf(terminator, _position + (terminator == "]" ? 1 : 0), StringComparison.Ordinal);
        var stop = end < 0 ? sql.Length : end + terminator.Length;
        while (_position < stop)
        {
            Advance();
        }
    }

    private void Advance()
    {
        if (sql[_position] == '\n')
        {
            Line++;
        }

        _position++;
    }

    /// <summary>The dollar-quote delimiter (<c>$$</c>, <c>$tag$</c>) starting here, or null for <c>$1</c> and the like.</summary>
    private string? DollarTag()
    {
        var i = _position + 1;
        while (i < sql.Length && sql[i] != '$')
        {
            var c = sql[i];
            var ok = char.IsLetter(c) || c == '_' || c >= '\u0080' || (i > _position + 1 && char.IsDigit(c));
            if (!ok)
            {
                return null;
            }

            i++;
        }

        return i < sql.Length ? sql[_position..(i + 1)] : null;
    }
}
