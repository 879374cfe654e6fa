using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// The waiting herd: every pod of a rollout runs <c>slipway migrate</c> at once. Runners that find the
/// migration lock held wait until it is released and read the history again without it: when the holder
/// applied everything, they exit without ever taking the lock (their JSON logs say <c>lock_busy</c>, never
/// <c>lock_acquired</c>). The holder is kept inside its migration until every waiter has logged that it
/// found the lock held, so the test does not depend on timing.
/// </summary>
public sealed class WaitingHerdTests
{
    private const int Waiters = 10;

    [Theory]
    [InlineData("advisory")]
    [InlineData("lease")]
    public async Task Waiters_that_find_nothing_pending_after_the_holder_finishes_never_take_the_lock_on_postgres(string lockMode)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("herd");
        using var dir = new TempDirectory();
        // V1 runs until the test opens the gate (each loop's query sees the test's committed row).
        await db.ExecuteAsync("CREATE TABLE gate (open boolean)");
        dir.Write("migrations/V1__gated.sql", """
            DO $$ BEGIN WHILE NOT EXISTS (SELECT 1 FROM gate) LOOP PERFORM pg_sleep(0.05); END LOOP; END $$;
            CREATE TABLE executions (version integer PRIMARY KEY);
            INSERT INTO executions VALUES (1);
            """);
        var cli = new Cli(dir, db.Url);
        string[] args = ["migrate", "--log-format", "json", "--lock-mode", lockMode, "--lock-wait", "2min", "--lease-duration", "2min"];

        using var holder = cli.Start(args);
        await WaitUntilAsync(() => Events(holder.Stdout).Contains("lock_acquired"), "the first runner took the lock", holder);
        var waiters = Enumerable.Range(0, Waiters).Select(_ => cli.Start(args)).ToList();
        try
        {
            await WaitUntilAsync(() => waiters.TrueForAll(w => Events(w.Stdout).Contains("lock_busy")), "every waiter found the lock held", [holder, .. waiters]);
            await db.ExecuteAsync("INSERT INTO gate VALUES (true)");
            var held = await holder.WaitAsync(TimeSpan.FromMinutes(2));
            var waited = await Task.WhenAll(waiters.Select(w => w.WaitAsync(TimeSpan.FromMinutes(2))));

            Assert.True(held.ExitCode == 0, held.ToString());
            Assert.Equal(1, Summary(held).GetProperty("applied").GetInt32());
            Assert.All(waited, AssertWaitedAndNeverLocked);
            // The lock_busy event names the holder: its backend, or its lease (host:pid:random).
            var busy = LogLines(waited[0].Stdout).First(l => l.GetProperty("event").GetString() == "lock_busy").GetProperty("holder").GetString();
            Assert.Contains(lockMode == "lease" ? $":{holder.Process.Id}:" : "pid ", busy, StringComparison.Ordinal);
            if (lockMode == "advisory")
            {
                // The holder announces its release and waiters listen for it, so they need not wait for their next
                // poll. A waiter whose poll fell between the unlock and the announcement (the same round trip of
                // the holder) found the lock free without hearing it; with ten waiters not all of them do.
                Assert.Contains(waited, w => Events(w.Stdout).Contains("lock_release_heard"));
            }
            else
            {
                Assert.All(waited, w => Assert.DoesNotContain("lock_release_heard", Events(w.Stdout)));
            }

            Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
            Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history"));
        }
        finally
        {
            waiters.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task Waiters_that_find_an_sqlite_file_being_written_and_then_nothing_pending_never_write_to_it()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__executions.sql", "CREATE TABLE executions (version integer PRIMARY KEY);\nINSERT INTO executions VALUES (1);");
        // What the "holder" will commit: a file slipway itself migrated, copied in one transaction.
        var template = await new Cli(dir, "sqlite:template.db").RunAsync("migrate");
        Assert.True(template.ExitCode == 0, template.ToString());

        await using var connection = new SqliteConnection($"Data Source={dir["shared.db"]};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"ATTACH DATABASE '{dir["template.db"]}' AS template; BEGIN IMMEDIATE");
        var cli = new Cli(dir, "sqlite:shared.db");
        var waiters = Enumerable.Range(0, Waiters).Select(_ => cli.Start("migrate", "--log-format", "json", "--lock-wait", "2min")).ToList();
        try
        {
            await WaitUntilAsync(() => waiters.TrueForAll(w => Events(w.Stdout).Contains("lock_busy")), "every waiter found the file being written", waiters);
            await CopyTemplateAsync(connection);
            await ExecuteAsync(connection, "COMMIT");
            var waited = await Task.WhenAll(waiters.Select(w => w.WaitAsync(TimeSpan.FromMinutes(2))));

            Assert.All(waited, AssertWaitedAndNeverLocked);
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT (SELECT count(*) FROM main.executions) || '/' || (SELECT count(*) FROM main.slipway_history)";
            Assert.Equal("1/1", await count.ExecuteScalarAsync());
        }
        finally
        {
            waiters.ForEach(w => w.Dispose());
        }
    }

    private static void AssertWaitedAndNeverLocked(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var events = Events(result.Stdout);
        Assert.Contains("lock_busy", events);
        Assert.DoesNotContain("lock_acquired", events);
        Assert.DoesNotContain("migration_started", events);
        Assert.Contains("up_to_date", events);
        Assert.Equal(0, Summary(result).GetProperty("applied").GetInt32());
    }

    private static async Task CopyTemplateAsync(SqliteConnection connection)
    {
        var objects = new List<(string Type, string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT type, name, sql FROM template.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (type, name, sql) in objects)
        {
            await ExecuteAsync(connection, sql);
            if (type == "table")
            {
                await ExecuteAsync(connection, $"INSERT INTO main.\"{name}\" SELECT * FROM template.\"{name}\"");
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, params IReadOnlyList<RunningProcess> runners)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            var ended = runners.FirstOrDefault(r => r.Process.HasExited);
            Assert.True(ended is null, $"a runner ended before {what}:\n{ended?.Stdout}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"not yet {what} after 90 s:\n{string.Join("\n---\n", runners.Select(r => r.Stdout))}");
            await Task.Delay(50);
        }
    }

    private static List<JsonElement> LogLines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    private static List<string?> Events(string stdout) => [.. LogLines(stdout).Select(l => l.GetProperty("event").GetString())];

    private static JsonElement Summary(ProcessResult result) => LogLines(result.Stdout).Single(l => l.GetProperty("event").GetString() == "summary");
}
