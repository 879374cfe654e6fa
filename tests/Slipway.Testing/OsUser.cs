using System.Diagnostics;

namespace Slipway.Testing;

/// <summary>
/// Runs server programs (initdb, postgres, pgbouncer) as the non-root OS user in
/// SLIPWAY_TEST_PG_OSUSER (default slipwaytest): both refuse to run as root, and CI runs as root.
/// </summary>
public static class OsUser
{
    /// <summary>The OS user the servers run as.</summary>
    public static string Name => Environment.GetEnvironmentVariable("SLIPWAY_TEST_PG_OSUSER") is { Length: > 0 } user ? user : "slipwaytest";

    /// <summary>True when this process is root and must switch user with runuser.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A start info for <paramref name="program"/> that runs as <see cref="Name"/> when we are root.</summary>
    public static ProcessStartInfo StartInfo(string program, params string[] args)
    {
        var info = new ProcessStartInfo(IsRoot ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot)
        {
            foreach (var a in new[] { "-u", Name, "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Runs a program as the OS user to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(StartInfo(program, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with exit {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Makes a folder the OS user's (when we are root), so a server running as that user can write to it.</summary>
    public static async Task GiveAsync(string path)
    {
        if (IsRoot)
        {
            using var chown = Process.Start("chown", ["-R", Name, path]);
            await chown.WaitForExitAsync();
        }
    }

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
