using System.ComponentModel;
using System.Diagnostics;

namespace Slipway.Providers;

/// <summary>
/// Runs a database's own client tool (pg_dump, pg_restore, mariadb-dump) and collects what it printed.
/// Connection settings reach the tool through its environment, never its command line, so a password is
/// not visible in <c>ps</c> or in logs; the provider decides which variables those are.
/// </summary>
internal static class ToolProcess
{
    /// <summary>What a tool printed and how it ended.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/>. <paramref name="environment"/> is applied after
    /// every inherited variable starting with <paramref name="clearedPrefix"/> is removed (settings the caller's
    /// shell carries must not redirect the tool to another database); a null value removes the variable.
    /// <paramref name="notStarted"/> builds the error when the tool cannot be started, from the reason.
    /// </summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, string? clearedPrefix, IEnumerable<KeyValuePair<string, string?>> environment, Func<string, Exception> notStarted, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (clearedPrefix is not null)
        {
            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith(clearedPrefix, StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw notStarted("it did not start");
        }
        catch (Win32Exception ex)
        {
            throw notStarted(ex.Message);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new Result(process.ExitCode, await stdout, (await stderr).Trim());
        }
    }

    /// <summary>A tool's message with <paramref name="password"/> masked, should it echo its connection settings.</summary>
    public static string Redact(string text, string? password) =>
        password is { Length: > 0 } ? text.Replace(password, "********", StringComparison.Ordinal) : text;
}
