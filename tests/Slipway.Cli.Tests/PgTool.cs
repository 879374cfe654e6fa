using System.Diagnostics;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>Runs PostgreSQL client tools against the test server, the password passed only in the environment.</summary>
internal static class PgTool
{
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var admin = new Uri(PostgresServer.AdminUrl);
        var info = new ProcessStartInfo(Path.Combine(PostgresServer.BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGHOST"] = admin.Host;
        info.Environment["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = Uri.UnescapeDataString(admin.UserInfo.Split(':')[0]);
        info.Environment["PGPASSWORD"] = PostgresServer.Password;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>Schema and data of a database as plain SQL, comparable between two databases.</summary>
    public static async Task<string> DumpAsync(string database)
    {
        var text = await RunAsync("pg_dump", "--no-owner", "--no-privileges", "--dbname", database);
        // pg_dump 15.18+ adds a random \restrict key per run.
        return string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal)));
    }
}
