using System.Globalization;
using System.Text;
using Slipway.Planning;

namespace Slipway.Discovery;

/// <summary>
/// Replaces <c>${name}</c> in a script's text before anything else reads its statements. Replaced in
/// SQL text, string literals and quoted identifiers; never in comments (a commented-out placeholder
/// needs no value); inside dollar-quoted bodies only under <see cref="PlaceholderMode.All"/>, because
/// function bodies often hold <c>${</c> of their own. <c>$${</c> stands for a literal <c>${</c>. The
/// lexer is the same for every dialect: quoting rules differ little, and a placeholder must mean the
/// same thing whichever database a script is replayed on.
/// </summary>
internal static class PlaceholderSubstitution
{
    private const int LongestName = 128;

    /// <summary>
    /// The text of <paramref name="sql"/> with its placeholders replaced; unknown or malformed ones are
    /// added to <paramref name="problems"/> as errors naming <paramref name="location"/> and the line,
    /// and left as they are. Values are never put into a message.
    /// </summary>
    public static string Apply(string sql, string location, PlaceholderMode mode, PlaceholderValues values, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(sql);
        // Most scripts have none: return the same string, so a run over thousands of files allocates nothing here.
        if (mode == PlaceholderMode.Off || !sql.Contains("${", StringComparison.Ordinal))
        {
            return sql;
        }

        var output = new StringBuilder(sql.Length);
        var copied = 0;
        var line = 1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (c == '-' && At(sql, i + 1) == '-')
            {
                i = LineEnd(sql, i);
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                i = BlockCommentEnd(sql, i, ref line);
            }
            else if (Placeholder(sql, i, line, location, values, problems, output, ref copied) is { } after)
            {
                i = after;
            }
            else if (c == '$' && !IsWordChar(At(sql, i - 1)) && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var stop = end < 0 ? sql.Length : end + tag.Length;
                if (mode == PlaceholderMode.All)
                {
                    // The body is read like SQL text; only the closing tag needs finding.
                    i += tag.Length;
                    stop = end < 0 ? sql.Length : end;
                    i = ScanBody(sql, i, stop, ref line, location, values, problems, output, ref copied) + (end < 0 ? 0 : tag.Length);
                }
                else
                {
                    line += Lines(sql, i, stop);
                    i = stop;
                }
            }
            else if (c is '\'' or '"')
            {
                var backslashes = c == '\'' && At(sql, i - 1) is 'E' or 'e' && !IsWordChar(At(sql, i - 2));
                i = Quoted(sql, i, c, backslashes, ref line, location, values, problems, output, ref copied);
            }
            else
            {
                i++;
            }
        }

        if (copied == 0)
        {
            return sql;
        }

        return output.Append(sql, copied, sql.Length - copied).ToString();
    }

    // Inside quotes placeholders are replaced too ('${env}' is the common case); the quote is followed
    // only so that "--", "/*" and "$$" inside it are not mistaken for comments or dollar quotes.
    private static int Quoted(string sql, int i, char quote, bool backslashes, ref int line, string location, PlaceholderValues values, ICollection<ValidationProblem> problems, StringBuilder output, ref int copied)
    {
        i++;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (backslashes && c == '\\')
            {
                i += At(sql, i + 1) == '\n' ? 1 : 2;
            }
            else if (c == quote)
            {
                if (At(sql, i + 1) != quote)
                {
                    return i + 1;
                }

                i += 2;
            }
            else if (Placeholder(sql, i, line, location, values, problems, output, ref copied) is { } after)
            {
                i = after;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static int ScanBody(string sql, int i, int stop, ref int line, string location, PlaceholderValues values, ICollection<ValidationProblem> problems, StringBuilder output, ref int copied)
    {
        while (i < stop)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (Placeholder(sql, i, line, location, values, problems, output, ref copied) is { } after)
            {
                i = after;
            }
            else
            {
                i++;
            }
        }

        return stop;
    }

    /// <summary>
    /// At a placeholder (<c>${name}</c>, replaced) or its escape (<c>$${</c>, written as <c>${</c> and never read as a
    /// placeholder): the position after it. Null anywhere else.
    /// </summary>
    private static int? Placeholder(string sql, int i, int line, string location, PlaceholderValues values, ICollection<ValidationProblem> problems, StringBuilder output, ref int copied)
    {
        if (sql[i] != '$')
        {
            return null;
        }

        if (At(sql, i + 1) == '$' && At(sql, i + 2) == '{')
        {
            output.Append(sql, copied, i - copied).Append("${");
            copied = i + 3;
            return copied;
        }

        return At(sql, i + 1) == '{' ? Replace(sql, i, line, location, values, problems, output, ref copied) : null;
    }

    /// <summary>Replaces the placeholder at <paramref name="i"/> (its <c>$</c>); returns the position after it.</summary>
    private static int Replace(string sql, int i, int line, string location, PlaceholderValues values, ICollection<ValidationProblem> problems, StringBuilder output, ref int copied)
    {
        var where = location + ":" + line.ToString(CultureInfo.InvariantCulture);
        var nameStart = i + 2;
        var close = nameStart;
        while (close < sql.Length && close - nameStart <= LongestName && (char.IsAsciiLetterOrDigit(sql[close]) || sql[close] == '_'))
        {
            close++;
        }

        if (close >= sql.Length || sql[close] != '}' || !PlaceholderValues.IsName(sql.AsSpan(nameStart, close - nameStart)))
        {
            // Shown up to its closing brace when one follows on the line, else up to the first character
            // that cannot be part of a name, which is where it went wrong.
            var rest = sql.AsSpan(close, Math.Min(sql.Length - close, 40));
            var brace = rest.IndexOfAny('}', '\n');
            var end = brace >= 0 && rest[brace] == '}' ? close + brace + 1 : Math.Min(close + 1, sql.Length);
            var shown = sql[i..(end > close && sql[end - 1] == '\n' ? end - 1 : end)];
            problems.Add(ValidationProblem.Error("malformed-placeholder", where,
                $"'{shown}' is not a placeholder: write ${{name}} with letters, digits and underscores, or $${{ for a literal '${{', or add '-- slipway: placeholders=off' to turn placeholders off in this file"));
            return i + 2;
        }

        var name = sql[nameStart..close];
        if (!values.TryGet(name, out var value))
        {
            problems.Add(ValidationProblem.Error("unknown-placeholder", where,
                $"placeholder '${{{name}}}' has no value; give it one with --placeholder {name}=VALUE or SLIPWAY_PLACEHOLDER_{name.ToUpperInvariant()} " +
                $"(Slipway:Placeholders:{name} in ASP.NET Core), write $${{{name}}} for the literal text, or add '-- slipway: placeholders=off' to turn placeholders off in this file"));
            return close + 1;
        }

        output.Append(sql, copied, i - copied).Append(value);
        copied = close + 1;
        return copied;
    }

    private static char At(string sql, int i) => i >= 0 && i < sql.Length ? sql[i] : '\0';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c >= '\u0080';

    private static int LineEnd(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end;
    }

    // Nested, as PostgreSQL reads them; SQLite ends at the first "*/", which differs only for a "/*"
    // inside a comment.
    private static int BlockCommentEnd(string sql, int i, ref int line)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && At(sql, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && At(sql, i + 1) == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                if (sql[i] == '\n')
                {
                    line++;
                }

                i++;
            }
        }

        return i;
    }

    private static int Lines(string sql, int start, int stop) => sql.AsSpan(start, stop - start).Count('\n');

    /// <summary>The dollar-quote delimiter (<c>$$</c>, <c>$tag$</c>) starting at <paramref name="start"/>, or null.</summary>
    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && sql[i] != '$')
        {
            var c = sql[i];
            if (!(char.IsLetter(c) || c == '_' || c >= '\u0080' || (i > start + 1 && char.IsDigit(c))))
            {
                return null;
            }

            i++;
        }

        return i < sql.Length ? sql[start..(i + 1)] : null;
    }
}
