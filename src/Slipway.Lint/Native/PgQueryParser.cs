using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Slipway.Lint.Native;

/// <summary>PostgreSQL's own parser through libpg_query: SQL in, the JSON parse tree out.</summary>
internal static class PgQueryParser
{
    /// <summary>Throws <see cref="LintUnavailableException"/> when libpg_query cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        PgQueryLibrary.Register();
        if (!PgQueryLibrary.IsAvailable)
        {
            throw new LintUnavailableException();
        }
    }

    /// <summary>Parses <paramref name="sql"/>; the document is null and the error set when it is not valid PostgreSQL.</summary>
    public static (JsonDocument? Tree, ParseError? Error) Parse(string sql)
    {
        EnsureAvailable();
        var result = PgQueryNative.Parse(sql);
        try
        {
            if (result.Error != IntPtr.Zero)
            {
                var error = Marshal.PtrToStructure<PgQueryNative.Error>(result.Error);
                return (null, new ParseError(Marshal.PtrToStringUTF8(error.Message) ?? "syntax error", error.CursorPosition));
            }

            return (JsonDocument.Parse(Marshal.PtrToStringUTF8(result.ParseTree) ?? "{}"), null);
        }
        finally
        {
            PgQueryNative.FreeParseResult(result);
        }
    }

    /// <summary>
    /// Splits a script into statements with PostgreSQL's scanner, which works on SQL the parser
    /// rejects (other dialects); returns (byte offset, byte length) pairs in the script's UTF-8 bytes.
    /// </summary>
    public static IReadOnlyList<(int Offset, int Length)> Split(string sql)
    {
        EnsureAvailable();
        var result = PgQueryNative.SplitWithScanner(sql);
        try
        {
            if (result.Error != IntPtr.Zero)
            {
                return [(0, Encoding.UTF8.GetByteCount(sql))];
            }

            var parts = new List<(int, int)>(result.Count);
            for (var i = 0; i < result.Count; i++)
            {
                var pointer = Marshal.ReadIntPtr(result.Statements, i * IntPtr.Size);
                var statement = Marshal.PtrToStructure<PgQueryNative.SplitStatement>(pointer);
                parts.Add((statement.Location, statement.Length));
            }

            return parts;
        }
        finally
        {
            PgQueryNative.FreeSplitResult(result);
        }
    }
}

/// <summary>A syntax error from the parser; <paramref name="Position"/> is 1-based in bytes, 0 when unknown.</summary>
internal sealed record ParseError(string Message, int Position);
