using System.Globalization;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Faults.Tests;

/// <summary>
/// A migration set that detects double execution by itself. Transactional migrations insert their
/// version into <c>executions</c> (primary key): running one twice fails the run. Non-transactional ones
/// (every third) are written as such migrations must be, idempotent, and record into <c>nt_effects</c>.
/// </summary>
internal static class FaultMigrations
{
    public static void Write(TempDirectory dir, int count, double sleepSeconds)
    {
        var sleep = sleepSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        dir.Write("migrations/V1__executions.sql", "CREATE TABLE executions (version integer PRIMARY KEY);\nCREATE TABLE nt_effects (version integer PRIMARY KEY);\nINSERT INTO executions VALUES (1);");
        for (var i = 2; i <= count; i++)
        {
            dir.Write($"migrations/V{i}__step.sql", IsNonTransactional(i)
                ? $"-- slipway: no-transaction\nINSERT INTO nt_effects SELECT {i} FROM pg_sleep({sleep}) ON CONFLICT DO NOTHING"
                : $"SELECT pg_sleep({sleep});\nCREATE TABLE step_{i} (id integer);\nINSERT INTO executions VALUES ({i});");
        }
    }

    public static bool IsNonTransactional(int version) => version % 3 == 0;

    /// <summary>
    /// Asserts every run exited 0 (with PgBouncer's log in the test output when one did not) and the
    /// database holds every migration exactly once.
    /// </summary>
    public static async Task AssertAllSucceededExactlyOnceAsync(IReadOnlyList<ProcessResult> results, TestDatabase db, int count, PgBouncer? bouncer, ITestOutputHelper output)
    {
        if (bouncer is not null && results.Any(r => r.ExitCode != 0))
        {
            output.WriteLine("PgBouncer log:\n" + await bouncer.LogTailAsync());
        }

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await AssertAppliedExactlyOnceAsync(db, count);
    }

    /// <summary>Asserts the database holds every migration exactly once, in history and in effect.</summary>
    public static async Task AssertAppliedExactlyOnceAsync(TestDatabase db, int count)
    {
        var transactional = Enumerable.Range(1, count).Count(v => !IsNonTransactional(v));
        Assert.Equal(transactional, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
        Assert.Equal(count - transactional, await db.ScalarAsync<long>("SELECT count(*) FROM nt_effects"));
        Assert.Equal(count, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        Assert.Equal(count, await db.ScalarAsync<long>("SELECT count(DISTINCT version) FROM slipway_history"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE NOT success"));
    }
}
