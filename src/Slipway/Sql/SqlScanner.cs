namespace Slipway.Sql;

/// <summary>
/// Reads one token at a time. Whitespace and comments are skipped (counting lines); everything with
/// quotes is read whole, so a semicolon inside a string, identifier, dollar quote or comment is never
/// seen as a statement end. Unterminated quotes and comments run to the end of the script.
/// </summary>
internal sealed class SqlScanner(string sql, SqlDialect dialect)
{
    private int _position;
    private int _versioned;

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
            else if (c == '-' && Peek(1) == '-' && (dialect != SqlDialect.MySql || IsCommentDashEnd(Peek(2))))
            {
                SkipLine();
            }
            else if (c == '#' && dialect == SqlDialect.MySql)
            {
                SkipLine();
            }
            else if (c == '/' && Peek(1) == '*' && !(dialect == SqlDialect.MySql && VersionedCommentStart() > 0))
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
        if (dialect == SqlDialect.MySql && MySqlToken() is { } special)
        {
            kind = special;
        }
        else if (c == '\'')
        {
            ReadQuoted('\'', backslashEscapes: dialect == SqlDialect.MySql);
            kind = SqlTokenKind.Literal;
        }
        else if (c == '"' && dialect == SqlDialect.MySql)
        {
            // Without ANSI_QUOTES (the default sql_mode) a double-quoted text is a string.
            ReadQuoted('"', backslashEscapes: true);
            kind = SqlTokenKind.Literal;
        }
        else if (c == '"' || (dialect is SqlDialect.Sqlite or SqlDialect.MySql && c == '`'))
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
            while (_position < sql.Length && IsWordChar(sql[_position]) && !AtDelimiter())
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

    private void SkipLine()
    {
        var end = sql.IndexOf('\n', _position);
        _position = end < 0 ? sql.Length : end;
    }

    // '$' continues a PostgreSQL identifier and starts a parameter ($1, SQLite $name); a dollar
    // quote is recognised before a word is tried, and never inside a word, as in the server's lexer.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c >= '\u0080';

    /// <summary>
    /// The statement delimiter the MySQL client's <c>DELIMITER</c> command set, e.g. <c>$$</c>; null while it
    /// is the default semicolon. The client looks for it everywhere outside quotes and comments, also
    /// inside a word (<c>END$$</c>).
    /// </summary>
    public string? Delimiter { get; set; }

    /// <summary>True when the MySQL client command <c>DELIMITER</c> starts here (call <see cref="SkipTrivia"/> first).</summary>
    public bool AtDelimiterCommand() =>
        dialect == SqlDialect.MySql
        && string.Compare(sql, _position, "DELIMITER", 0, 9, StringComparison.OrdinalIgnoreCase) == 0
        && Peek(9) is ' ' or '\t';

    /// <summary>Reads a <c>DELIMITER x</c> line to its end, as the client does; returns the new delimiter (null for <c>;</c>).</summary>
    public string? ReadDelimiterCommand()
    {
        _position += 9;
        while (Peek(0) is ' ' or '\t')
        {
            _position++;
        }

        var start = _position;
        while (_position < sql.Length && !char.IsWhiteSpace(sql[_position]))
        {
            _position++;
        }

        var delimiter = sql[start.._position];
        SkipLine();
        return delimiter.Length == 0 || delimiter == ";" ? null : delimiter;
    }

    // "--" starts a MySQL comment only when a space or control character (or the end) follows: "1--1" is arithmetic.
    private static bool IsCommentDashEnd(char c) => c == '\0' || char.IsWhiteSpace(c) || char.IsControl(c);

    private bool AtDelimiter() => Delimiter is { } d && string.CompareOrdinal(sql, _position, d, 0, d.Length) == 0;

    /// <summary>A MySQL-only token at the current position: a custom delimiter or the edge of a versioned comment.</summary>
    private SqlTokenKind? MySqlToken()
    {
        if (AtDelimiter())
        {
            _position += Delimiter!.Length;
            return SqlTokenKind.Delimiter;
        }

        if (VersionedCommentStart() is var length and > 0)
        {
            _versioned++;
            _position += length;
            return SqlTokenKind.Mark;
        }

        if (_versioned > 0 && sql[_position] == '*' && Peek(1) == '/')
        {
            _versioned--;
            _position += 2;
            return SqlTokenKind.Mark;
        }

        return null;
    }

    /// <summary>The length of <c>/*!</c> or <c>/*M!</c> and its version number when one starts here; 0 otherwise.</summary>
    private int VersionedCommentStart()
    {
        if (sql[_position] != '/' || Peek(1) != '*')
        {
            return 0;
        }

        var i = Peek(2) == '!' ? 3 : Peek(2) == 'M' && Peek(3) == '!' ? 4 : 0;
        if (i == 0)
        {
            return 0;
        }

        while (char.IsAsciiDigit(Peek(i)))
        {
            i++;
        }

        return i;
    }

    private void SkipBlockComment()
    {
        // PostgreSQL nests /* */ comments; SQLite and MySQL end a comment at the first */.
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
