using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// The NativeAOT binary loads SQLite's own library from its folder. Someone who copies only the binary into
/// their image gets a sentence that names the missing file, not an "unexpected error".
/// </summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public async Task A_binary_copied_without_libe_sqlite3_says_which_file_to_copy_and_changes_nothing()
    {
        var bin = Environment.GetEnvironmentVariable("SLIPWAY_BIN");
        if (bin is not { Length: > 0 } || !File.Exists(bin) || !File.Exists(Path.Combine(Path.GetDirectoryName(bin)!, "libe_sqlite3.so")))
        {
            throw new InvalidOperationException("SLIPWAY_BIN must name the NativeAOT slipway binary with libe_sqlite3.so beside it: run the suite with scripts/test.sh.");
        }

        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id integer);");
        var alone = Path.Combine(dir.Path, "bin", "slipway");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        File.Copy(bin, alone);

        var (code, all) = await RunAsync(alone, dir.Path, "sqlite:app.db");

        Assert.True(code == 64, $"exit {code}: {all}");
        Assert.Contains("libe_sqlite3.so, could not be loaded", all, StringComparison.Ordinal);
        Assert.Contains("Copy it together with the binary", all, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", all, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "app.db")), "no database file may be created");

        // A PostgreSQL run never loads it.
        await using var db = await PostgresServer.CreateDatabaseAsync("alone");
        (code, all) = await RunAsync(alone, dir.Path, db.Url);
        Assert.True(code == 0, $"exit {code}: {all}");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
    }

    private static async Task<(int Code, string Output)> RunAsync(string binary, string folder, string url)
    {
        using var running = SlipwayProcess.StartBinary(binary, folder, new Dictionary<string, string?>(), "migrate", "--database-url", url, "--migrations", "migrations");
        var result = await running.WaitAsync(TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.All);
    }
}
