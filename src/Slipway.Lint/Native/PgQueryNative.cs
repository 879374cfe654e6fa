using System.Runtime.InteropServices;

namespace Slipway.Lint.Native;

/// <summary>
/// The few entry points of libpg_query that lint needs. The library is resolved when first called
/// (see <see cref="PgQueryLibrary"/>), never linked into the binary: a machine without it can still
/// run every other command.
/// </summary>
internal static partial class PgQueryNative
{
    public const string LibraryName = "pg_query";

    [LibraryImport(LibraryName, EntryPoint = "pg_query_parse", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ParseResult Parse(string input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_parse_result")]
    public static partial void FreeParseResult(ParseResult result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_split_with_scanner", StringMarshalling = StringMarshalling.Utf8)]
    public static partial SplitResult SplitWithScanner(string input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_split_result")]
    public static partial void FreeSplitResult(SplitResult result);

    /// <summary><c>PgQueryParseResult</c>: the JSON tree, or an error.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ParseResult
    {
        public IntPtr ParseTree;
        public IntPtr StderrBuffer;
        public IntPtr Error;
    }

    /// <summary><c>PgQueryError</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Error
    {
        public IntPtr Message;
        public IntPtr FunctionName;
        public IntPtr FileName;
        public int LineNumber;
        public int CursorPosition;
        public IntPtr Context;
    }

    /// <summary><c>PgQuerySplitResult</c>: an array of pointers to (location, length) pairs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SplitResult
    {
        public IntPtr Statements;
        public int Count;
        public IntPtr StderrBuffer;
        public IntPtr Error;
    }

    /// <summary><c>PgQuerySplitStmt</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SplitStatement
    {
        public int Location;
        public int Length;
    }
}
