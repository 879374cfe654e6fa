namespace Slipway.Sql;

/// <summary>
/// Splits a script into statements the way the server's own client would (psql, the sqlite3 shell, the
/// mysql client): semicolons end a statement only outside quotes, comments, parentheses and routine bodies
/// (PostgreSQL <c>BEGIN ATOMIC ... END</c>, SQLite <c>CREATE TRIGGER ... BEGIN ... END;</c>, MySQL
/// <c>CREATE PROCEDURE ... BEGIN ... END</c> as the server parses it when a file is sent whole, the way
/// golang-migrate does). A MySQL <c>DELIMITER</c> line switches to the client's rule: only that
/// delimiter ends a statement.
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
            if (current.FirstStart < 0 && scanner.AtDelimiterCommand())
            {
                // A client command, never sent: its line joins the next statement's leading text.
                scanner.Delimiter = scanner.ReadDelimiterCommand();
                continue;
            }

            var line = scanner.Line;
            var (token, start, end) = scanner.Next();
            var ends = token.Kind == SqlTokenKind.Delimiter || (scanner.Delimiter is null && token.Is(';'));
            if (ends && current.EndsAt(custom: token.Kind == SqlTokenKind.Delimiter))
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
        private bool _pendingEnd;
        private bool _caseClosed;

        public int FirstStart { get; private set; } = -1;

        private int FirstLine { get; set; }

        private int LastEnd { get; set; }

        /// <summary>Whether a semicolon here ends the statement; inside a trigger body it is counted.</summary>
        public bool EndsAt(bool custom = false)
        {
            ResolveEnd(null);
            if (custom)
            {
                // The mysql client ends a statement at its delimiter whatever it contains.
                return true;
            }

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
            if (token.Kind == SqlTokenKind.Mark)
            {
                return;
            }

            Add(token);
            ResolveEnd(token);
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
                if (dialect == SqlDialect.PostgreSql)
                {
                    _routine = IsHead("CREATE", "FUNCTION|PROCEDURE") || IsHead("CREATE", "OR", "REPLACE", "FUNCTION|PROCEDURE");
                }

                _trigger = dialect == SqlDialect.Sqlite && (IsHead("CREATE", "TRIGGER") || IsHead("CREATE", "TEMP|TEMPORARY", "TRIGGER"));
            }

            if (dialect == SqlDialect.MySql)
            {
                OnMySqlWord(token);
                return;
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

        // The server's rule for compound statements (what golang-migrate relies on when it sends a file
        // whole): inside CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT, or MariaDB's BEGIN NOT ATOMIC, BEGIN and
        // CASE open a block and END closes one; END IF/LOOP/WHILE/REPEAT close constructs that are
        // always inside a block already, so they are not counted.
        private void OnMySqlWord(SqlToken token)
        {
            if (_tokens.Count == 2 && _tokens[0].Is("BEGIN") && token.Is("NOT"))
            {
                _routine = true;
                _blocks = 1;
                return;
            }

            if (token.Is("BEGIN") && !_routine && _tokens.Count > 1)
            {
                _routine = IsMySqlRoutine(_tokens);
            }

            if (!_routine)
            {
                return;
            }

            if (token.Is("BEGIN") || (token.Is("CASE") && !_caseClosed))
            {
                _blocks++;
            }
            else if (token.Is("END"))
            {
                _pendingEnd = true;
            }

            _caseClosed = false;
        }

        // An END's meaning depends on the word after it: END IF closes no block, END CASE closes the CASE.
        private void ResolveEnd(SqlToken? next)
        {
            if (!_pendingEnd)
            {
                return;
            }

            _pendingEnd = false;
            if (next is { } word && (word.Is("IF") || word.Is("LOOP") || word.Is("WHILE") || word.Is("REPEAT")))
            {
                return;
            }

            _blocks = Math.Max(0, _blocks - 1);
            _caseClosed = next is { } c && c.Is("CASE");
        }

        /// <summary>CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT.</summary>
        private static bool IsMySqlRoutine(List<SqlToken> t)
        {
            if (!t[0].Is("CREATE"))
            {
                return false;
            }

            var i = 1;
            if (i + 1 < t.Count && t[i].Is("OR") && t[i + 1].Is("REPLACE"))
            {
                i += 2;
            }

            if (i < t.Count && t[i].Is("DEFINER"))
            {
                i += 2; // DEFINER =
                if (i < t.Count && t[i].Is("CURRENT_USER"))
                {
                    i += i + 2 < t.Count && t[i + 1].Is('(') ? 3 : 1;
                }
                else
                {
                    i += i + 2 < t.Count && t[i + 1].Is('@') ? 3 : 1;
                }
            }

            if (i < t.Count && t[i].Is("AGGREGATE"))
            {
                i++;
            }

            return i < t.Count && (t[i].Is("PROCEDURE") || t[i].Is("FUNCTION") || t[i].Is("TRIGGER") || t[i].Is("EVENT"));
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
