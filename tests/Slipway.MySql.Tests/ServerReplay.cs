using System.Diagnostics;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// Runs a migration file the way golang-migrate's MySQL driver does, as one multi-statement query the
/// server splits itself (PyMySQL with CLIENT.MULTI_STATEMENTS), or the way the mysql client does (the
/// <c>mariadb</c> client, which honours DELIMITER): the references Slipway's own splitting is held to.
/// </summary>
internal static class ServerReplay
{
    private const string PyMySql = """
        import os, sys, pymysql
        from pymysql.constants import CLIENT
        c = pymysql.connect(host=os.environ['H'], port=int(os.environ['P']), user=os.environ['U'], password=os.environ['W'],
                            database=os.environ['D'], client_flag=CLIENT.MULTI_STATEMENTS, autocommit=True)
        cur = c.cursor()
        cur.execute(open(sys.argv[1], encoding='utf-8').read())
        n = 1
        while cur.nextset():
            n += 1
        print(n)
        """;

    /// <summary>Sends <paramref name="file"/> whole, as golang-migrate does; returns how many results (statements) the server produced.</summary>
    public static async Task<int> MultiStatementAsync(MariaDbDatabase db, string file)
    {
        var output = await RunAsync("/usr/bin/python3", ["-c", PyMySql, file], db, null);
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="file"/> with the mariadb client, which splits it client-side and honours DELIMITER.</summary>
    public static Task ClientAsync(MariaDbDatabase db, string file) =>
        RunAsync("mariadb", ["--no-defaults", "-h", Uri(db).Host, "-P", Uri(db).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", User(db), db.Name], db, file);

    private static Uri Uri(MariaDbDatabase db) => new(db.Url);

    private static string User(MariaDbDatabase db) => System.Uri.UnescapeDataString(Uri(db).UserInfo.Split(':', 2)[0]);

    private static async Task<string> RunAsync(string tool, string[] args, MariaDbDatabase db, string? stdin)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var uri = Uri(db);
        info.Environment["H"] = uri.Host;
        info.Environment["P"] = uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["U"] = User(db);
        info.Environment["W"] = MariaDbServer.Password;
        info.Environment["MYSQL_PWD"] = MariaDbServer.Password;
        info.Environment["D"] = db.Name;
        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(stdin));
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
        return await stdout;
    }
}
