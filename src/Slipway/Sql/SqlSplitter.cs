namespace Slipway.Sql;

/// <summary>
/// Splits a script into statements the way the server's own client would (psql, the sqlite3 shell):
/// semicolons end a statement only outside quotes, comments, parentheses and routine bodies
/// (PostgreSQL <c>BEGIN ATOMIC ... END</c>, SQLite <c>CREATE TRIGGER ... BEGIN ... END;</c>).
/// </summary>
internal static class SqlSplitter
{
    /// <summary>
    /// The statements of <paramref name="sql"/>, in order. Joining their <see cref="SqlStatement.Text"/>
    /// gives back <paramref name="sql"/> exactly; a script with no statement (blank, comments, bare
    /// semicolons) gives an empty list.
    /// </summary>
    public static IReadOnlyList<SqlStatement> Split(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<SqlStatement>();
        var scanner = new SqlScanner(sql, dialect);
        var current = new StatementState(dialect);
        var segmentStart = 0;
        while (scanner.SkipTrivia())
        {
            var line = scanner.Line;
            var (token, start, end) = scanner.Next();
            if (token.Is(';') && current.EndsAt())
            {
                if (current.FirstStart >= 0)
                {
                    statements.Add(current.Build(sql, segmentStart, end));
                    segmentStart = end;
                }

                // A bare semicolon stays in the segment: it joins the next statement's leading text.
                current = new StatementState(dialect);
                continue;
            }

            current.Add(token, start, end, line);
        }

        if (current.FirstStart >= 0)
        {
            statements.Add(current.Build(sql, segmentStart, sql.Length));
        }
        else if (statements.Count > 0 && segmentStart < sql.Length)
        {
            // Trailing comments and whitespace belong to the last statement.
            var last = statements[^1];
            statements[^1] = last with { Text = sql[last.Offset..] };
        }

        return statements;
    }

    /// <summary>What the splitter knows about the statement being read.</summary>
    private sealed class StatementState(SqlDialect dialect)
    {
        private readonly List<SqlToken> _tokens = [];
        private readonly List<string> _head = [];
        private int _parens;
        private int _blocks;
        private bool _routine;
        private bool _trigger;
        private int _triggerSemicolons;
        private int _tokensSinceSemicolon;
        private bool _endSinceSemicolon;

        public int FirstStart { get; private set; } = -1;

        private int FirstLine { get; set; }

        private int LastEnd { get; set; }

        /// <summary>Whether a semicolon here ends the statement; inside a trigger body it is counted.</summary>
        public bool EndsAt()
        {
            if (_parens > 0 || _blocks > 0)
            {
                return false;
            }

            if (!_trigger)
            {
                return true;
            }

            // As sqlite3_complete(): a trigger ends at "; END ;", the END standing alone.
            var ends = _triggerSemicolons > 0 && _tokensSinceSemicolon == 1 && _endSinceSemicolon;
            if (!ends)
            {
                _triggerSemicolons++;
                _tokensSinceSemicolon = 0;
                _endSinceSemicolon = false;
            }

            return ends;
        }

        public void Add(SqlToken token, int start, int end, int line)
        {
            if (FirstStart < 0)
            {
                FirstStart = start;
                FirstLine = line;
            }

            LastEnd = end;
            Add(token);
            if (token.Is('('))
            {
                _parens++;
            }
            else if (token.Is(')'))
            {
                _parens = Math.Max(0, _parens - 1);
            }
            else if (token.Kind == SqlTokenKind.Word)
            {
                OnWord(token);
            }

            if (!token.Is(';'))
            {
                _tokensSinceSemicolon++;
                _endSinceSemicolon = token.Is("END");
            }
        }

        public SqlStatement Build(string sql, int segmentStart, int segmentEnd) => new()
        {
            Text = sql[segmentStart..segmentEnd],
            Sql = sql[FirstStart..LastEnd],
            Offset = segmentStart,
            Line = FirstLine,
            Tokens = _tokens,
        };

        private void Add(SqlToken token)
        {
            if (_tokens.Count < SqlStatement.MaxTokens)
            {
                _tokens.Add(token);
            }
        }

        private void OnWord(SqlToken token)
        {
            if (_head.Count < 4)
            {
                _head.Add(token.Text.ToUpperInvariant());
                _routine = dialect == SqlDialect.PostgreSql && (IsHead("CREATE", "FUNCTION|PROCEDURE") || IsHead("CREATE", "OR", "REPLACE", "FUNCTION|PROCEDURE"));
                _trigger = dialect == SqlDialect.Sqlite && (IsHead("CREATE", "TRIGGER") || IsHead("CREATE", "TEMP|TEMPORARY", "TRIGGER"));
            }

            if (!_routine || _parens > 0)
            {
                return;
            }

            // psql's rule for BEGIN ATOMIC bodies: inside CREATE FUNCTION/PROCEDURE, BEGIN opens a
            // block, CASE (within a block) opens one too, and END closes one.
            if (token.Is("BEGIN"))
            {
                _blocks++;
            }
            else if (token.Is("CASE") && _blocks > 0)
            {
                _blocks++;
            }
            else if (token.Is("END") && _blocks > 0)
            {
                _blocks--;
            }
        }

        private bool IsHead(params string[] words)
        {
            if (_head.Count < words.Length)
            {
                return false;
            }

            for (var i = 0; i < words.Length; i++)
            {
                if (!words[i].Split('|').Contains(_head[i], StringComparer.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
