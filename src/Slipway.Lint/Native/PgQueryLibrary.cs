using System.Reflection;
using System.Runtime.InteropServices;

namespace Slipway.Lint.Native;

/// <summary>
/// Finds libpg_query at run time. Distributions ship it under different names (the development
/// symlink <c>libpg_query.so</c> or only the versioned runtime file), so the resolver tries each.
/// </summary>
internal static class PgQueryLibrary
{
    private static readonly string[] Candidates =
    [
        "libpg_query.so",
        "libpg_query.so.1504.0",
        "libpg_query.so.1504.0.0",
        "libpg_query.so.0",
        "libpg_query.dylib",
        "pg_query.dll",
    ];

    private static readonly Lazy<IntPtr> Handle = new(Load);

    /// <summary>True when the library was found and exports the parser.</summary>
    public static bool IsAvailable => Handle.Value != IntPtr.Zero;

    /// <summary>Called once per process by <see cref="PgQueryParser"/> before the first native call.</summary>
    public static void Register() => _ = Registration.Value;

    private static readonly Lazy<bool> Registration = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(PgQueryLibrary).Assembly, Resolve);
        return true;
    });

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == PgQueryNative.LibraryName ? Handle.Value : IntPtr.Zero;

    private static IntPtr Load()
    {
        // An explicit path (SLIPWAY_PG_QUERY_LIBRARY) is the only candidate when set: installs outside
        // the loader's search path, and a way to check the behaviour without the library.
        if (Environment.GetEnvironmentVariable("SLIPWAY_PG_QUERY_LIBRARY") is { Length: > 0 } path)
        {
            return NativeLibrary.TryLoad(path, out var explicitHandle) && NativeLibrary.TryGetExport(explicitHandle, "pg_query_parse", out _) ? explicitHandle : IntPtr.Zero;
        }

        foreach (var name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                if (NativeLibrary.TryGetExport(handle, "pg_query_parse", out _))
                {
                    return handle;
                }

                NativeLibrary.Free(handle);
            }
        }

        return IntPtr.Zero;
    }
}
