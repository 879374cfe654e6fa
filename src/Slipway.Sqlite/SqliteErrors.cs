using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;

namespace Slipway.Sqlite;

/// <summary>Maps SQLite errors to Slipway's failure kinds with messages an operator can act on.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://www.sqlite.org/rescode.html).
    private const int Error = 1;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>Why the database file could not be opened; <paramref name="path"/> is the file, <paramref name="target"/> its display name.</summary>
    public static SlipwayException OpenFailed(SqliteException ex, string path, string target)
    {
        if (Directory.Exists(path))
        {
            return new ConfigurationException($"{target} is a folder, not a database file: name a file, e.g. sqlite:{Path.Combine(path, "app.db")}", ex);
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            return new DatabaseUnreachableException($"Cannot open {target}: the folder {folder} does not exist. Create it, or name a file in an existing folder.", ex, isTransient: false);
        }

        return Translate(ex, target) ?? new DatabaseUnreachableException(
            $"Cannot open {target}: {ex.Message}. Check that the file and its folder are readable and writable by the user slipway runs as.", ex, isTransient: false);
    }

    /// <summary>An SQLite error as the kind of failure it means; null for anything else.</summary>
    public static SlipwayException? Translate(Exception exception, string target = "The SQLite file")
    {
        if (MissingNativeLibrary(exception) is { } missing)
        {
            return missing;
        }

        if (exception is not SqliteException ex)
        {
            return null;
        }

        return (ex.SqliteErrorCode & 0xFF) switch
        {
            Busy or Locked => new LockTimeoutException($"Another process held a lock on {target} for longer than the busy timeout (the lock wait). Raise the lock wait, or find the process that keeps the file locked.", ex),
            ReadOnly => new AccessDeniedException($"{target} is read-only ({ex.Message}): make the file and its folder writable by the user slipway runs as. Nothing was changed.", ex),
            NotADatabase or Corrupt => new ConfigurationException($"{target} is not a usable SQLite database ({ex.Message}): point the database URL at the right file, or restore it from a backup. Nothing was changed.", ex),
            CantOpen => new DatabaseUnreachableException($"Cannot open {target}: {ex.Message}. Check that the file and its folder exist and are writable.", ex, isTransient: false),
            Full => new SlipwayException($"The disk holding {target} is full (SQLite error {ex.SqliteErrorCode}); free space and run again. The failing transaction was rolled back.", ex),
            Error when ex.Message.Contains("no such column", StringComparison.Ordinal) || ex.Message.Contains("has no column named", StringComparison.Ordinal) => new ConfigurationException(
                $"A table Slipway reads in {target} does not have the shape it expects ({ex.Message}). If another tool created a table of the history table's name, give Slipway a table name of its own. Nothing was changed.", ex),
            _ => new SlipwayException($"{target} refused one of Slipway's own statements: {ex.Message}. Its transaction was rolled back.", ex),
        };
    }

    // The driver loads SQLite's own library (libe_sqlite3.so) when it is first used; a binary copied without
    // it fails there, in a type initializer, before any file is opened.
    private static ConfigurationException? MissingNativeLibrary(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DllNotFoundException && inner.Message.Contains("e_sqlite3", StringComparison.Ordinal))
            {
                return new ConfigurationException(
                    "SQLite's library, libe_sqlite3.so, could not be loaded: it belongs beside the slipway binary, where the NativeAOT publish and the images put it. Copy it together with the binary into the same folder. Nothing was changed.",
                    exception);
            }
        }

        return null;
    }
}
