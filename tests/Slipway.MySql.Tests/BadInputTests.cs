using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// Bad situations on MySQL, each run through the real binary: a documented exit code, a message that
/// names the cause and what to do, no stack trace, no password, and the database exactly as it was.
/// </summary>
[Collection(ProcessGroup.Name)]
public sealed partial class BadInputTests
{
    private sealed record Situation(Func<MariaDbDatabase, TempDirectory, Task<string>> Arrange, string[] Args, int ExitCode, string[] Says);

    private static Task<string> Url(MariaDbDatabase db, TempDirectory dir, string migration)
    {
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id INT PRIMARY KEY);");
        dir.Write("migrations/V2__b.sql", migration);
        return Task.FromResult(db.Url);
    }

    private static readonly Dictionary<string, Situation> All = new()
    {
        ["wrong-password"] = new((db, dir) => Url(db, dir, "SELECT 1;").ContinueWith(t => t.Result.Replace(MariaDbServer.Password, "not-the-password", StringComparison.Ordinal)),
            ["migrate"], 4, ["authentication failed", "check the user and password"]),
        ["unknown-database"] = new((db, dir) => Url(db, dir, "SELECT 1;").ContinueWith(t => t.Result.Replace("/" + db.Name, "/no_such_db", StringComparison.Ordinal)),
            ["status"], 4, ["the database does not exist", "CREATE DATABASE"]),
        ["bad-sslmode"] = new((db, dir) => Url(db, dir, "SELECT 1;").ContinueWith(t => t.Result + "?sslmode=sometimes"),
            ["migrate"], 64, ["sslmode=sometimes", "require"]),
        ["tls-required-but-not-offered"] = new((db, dir) => Url(db, dir, "SELECT 1;").ContinueWith(t => t.Result + "?sslmode=require"),
            ["migrate"], 4, ["TLS could not be set up", "sslmode"]),
        ["lease-lock-mode"] = new((db, dir) => Url(db, dir, "SELECT 1;"), ["migrate", "--lock-mode", "lease"], 64, ["applies to PostgreSQL only", "GET_LOCK"]),
        ["failing-dml-migration"] = new((db, dir) => Url(db, dir, "INSERT INTO a VALUES (1);\nINSERT INTO no_such_table VALUES (1);"),
            ["migrate"], 1, ["V2__b.sql", "1146", "no_such_table"]),
        ["failing-ddl-statement"] = new((db, dir) => Url(db, dir, "CREATE TABLE b (id INT);\nALTER TABLE no_such_table ADD c INT;"),
            ["migrate"], 1, ["V2__b.sql:2 (statement 2 of 2)", "Statement 1 is applied and recorded (no transaction to roll back)", "resumes at statement 2"]),
        ["failing-first-ddl-statement"] = new((db, dir) => Url(db, dir, "ALTER TABLE no_such_table ADD c INT;\nCREATE TABLE b (id INT);"),
            ["migrate"], 1, ["V2__b.sql:1 (statement 1 of 2)", "No statement of it was applied;", "resumes at statement 1"]),
        ["foreign-history-table"] = new(async (db, dir) =>
            {
                await db.ExecuteAsync("CREATE TABLE slipway_history (id INT PRIMARY KEY, name TEXT)");
                return await Url(db, dir, "SELECT 1;");
            }, ["migrate"], 64, ["slipway_history", "is not a Slipway history table", "missing columns"]),
        ["plan-execute-fails"] = new(async (db, dir) =>
            {
                var url = await Url(db, dir, "INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (1);");
                await db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY)");
                File.Delete(dir["migrations/V1__a.sql"]);
                return url;
            }, ["plan", "--execute"], 1, ["Dry run: V2__b.sql", "Duplicate entry", "nothing was changed"]),
        ["read-only-user"] = new(async (db, dir) =>
            {
                var user = "ro_" + db.Name[^8..];
                await db.ExecuteAsync($"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY 'Ro-Pass-123'; GRANT SELECT ON `{db.Name}`.* TO '{user}'@'127.0.0.1'");
                var url = await Url(db, dir, "SELECT 1;");
                return url.Replace("slipway:" + Uri.EscapeDataString(MariaDbServer.Password), user + ":Ro-Pass-123", StringComparison.Ordinal);
            }, ["migrate"], 77, ["denied", "GRANT"]),
    };

    public static TheoryData<string> Situations => [.. All.Keys];

    [Theory]
    [MemberData(nameof(Situations))]
    public async Task A_bad_situation_exits_with_a_documented_code_a_clear_message_and_no_change(string name)
    {
        var situation = All[name];
        await using var db = await MariaDbServer.CreateDatabaseAsync("bad");
        using var dir = new TempDirectory();
        var url = await situation.Arrange(db, dir);
        if (name is "failing-ddl-statement" or "failing-first-ddl-statement" or "failing-dml-migration")
        {
            // V1 applies; V2 is the one that fails.
            var first = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = url }, ["migrate", "--target", "1"]);
            Assert.True(first.ExitCode == 0, first.ToString());
        }

        var before = await StateAsync(db);
        var result = await SlipwayProcess.RunAsync(dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = url }, situation.Args);
        var after = await StateAsync(db);

        Assert.True(result.ExitCode == situation.ExitCode, $"{name}: expected exit {situation.ExitCode}\n{result}");
        foreach (var expected in situation.Says)
        {
            Assert.True(result.All.Contains(expected, StringComparison.Ordinal), $"{name}: the output does not say '{expected}'\n{result}");
        }

        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.False(ExceptionName().IsMatch(result.All), $"{name}: an exception type reached the user\n{result}");
        Assert.DoesNotContain(MariaDbServer.Password, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Ro-Pass-123", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Statements 1-0", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Statements 1-1 ", result.All, StringComparison.Ordinal);
        if (name == "failing-ddl-statement")
        {
            // The DDL before the failure committed (MySQL cannot roll it back) and is recorded as done.
            Assert.Equal(1, await db.ScalarAsync("SELECT statements_done FROM slipway_history WHERE version = '2' AND NOT success"));
            Assert.True(await db.TableExistsAsync("b"));
        }
        else
        {
            Assert.Equal(before, after);
        }
    }

    // The schema (catalog snapshot) and every history row: "nothing changed" means both.
    private static async Task<string> StateAsync(MariaDbDatabase db)
    {
        var snapshot = await new MySqlProvider(MySqlConnectionUrl.Parse(db.Url)).SnapshotAsync();
        var history = await db.TableExistsAsync("slipway_history") && await db.ScalarAsync("SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'slipway_history' AND COLUMN_NAME = 'version'") == 1
            ? string.Join(",", await db.ColumnAsync("SELECT CONCAT(id, ':', version, ':', success, ':', statements_done) FROM slipway_history ORDER BY id"))
            : "no history";
        var rows = await db.TableExistsAsync("a") ? await db.ScalarAsync("SELECT count(*) FROM a") : -1;
        return string.Join("\n", snapshot.Objects.Select(o => o.Key + "=" + o.Value)) + "\nhistory " + history + "\nrows of a " + rows;
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+Exception\b")]
    private static partial Regex ExceptionName();
}
