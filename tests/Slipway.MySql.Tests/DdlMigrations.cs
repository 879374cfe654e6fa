using System.Globalization;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// Multi-statement migrations of DDL and data changes that detect a statement running twice by
/// themselves: DDL run again fails (the table or column exists), and every data change appends a row to
/// <c>ledger</c>, so a repeated one shows as a duplicate. Two statements sleep on the server, so kills
/// land inside statements as well as between them. V4 adds a column through a PREPARE/EXECUTE guard on
/// a session variable, which a resumed run must set again.
/// </summary>
internal static class DdlMigrations
{
    public const int Count = 7;

    /// <summary>Statements of V2..V7 (V1 creates the ledger); V4 has four more.</summary>
    public const int StatementsPerMigration = 5;

    public static int TotalStatements => 1 + ((Count - 1) * StatementsPerMigration) + 4;

    public static void Write(TempDirectory dir)
    {
        dir.Write("migrations/V1__ledger.sql", "CREATE TABLE ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, migration INT NOT NULL, step INT NOT NULL);\n");
        for (var k = 2; k <= Count; k++)
        {
            var n = k.ToString(CultureInfo.InvariantCulture);
            var guard = k == 4
                ? """
                  SET @ddl = IF((SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't4' AND COLUMN_NAME = 'extra') = 0,
                                'ALTER TABLE t4 ADD COLUMN extra INT', 'DO 0');
                  PREPARE add_extra FROM @ddl;
                  EXECUTE add_extra;
                  DEALLOCATE PREPARE add_extra;

                  """
                : string.Empty;
            dir.Write($"migrations/V{n}__step.sql", $"""
                CREATE TABLE t{n} (id INT PRIMARY KEY);
                INSERT INTO ledger (migration, step) SELECT {n}, 2 FROM DUAL WHERE SLEEP(0.02) = 0;
                {guard}ALTER TABLE t{n} ADD COLUMN c{n} INT, ALGORITHM = COPY;
                CREATE TABLE t{n}_copy AS SELECT 1 AS id, SLEEP(0.15) AS slept;
                INSERT INTO ledger (migration, step) VALUES ({n}, 5);

                """);
        }
    }

    /// <summary>History and schema agree, and every statement ran exactly once.</summary>
    public static async Task AssertAppliedExactlyOnceAsync(MariaDbDatabase db)
    {
        Assert.Equal(Count, await db.ScalarAsync("SELECT count(*) FROM slipway_history WHERE success AND kind = 'versioned'"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM slipway_history WHERE NOT success"));
        Assert.Equal(TotalStatements, await db.ScalarAsync("SELECT sum(statements_done) FROM slipway_history"));
        Assert.Equal(2 * (Count - 1), await db.ScalarAsync("SELECT count(*) FROM ledger"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM (SELECT migration, step FROM ledger GROUP BY migration, step HAVING count(*) > 1) d"));
        for (var k = 2; k <= Count; k++)
        {
            Assert.True(await db.TableExistsAsync($"t{k}_copy"), $"t{k}_copy");
            Assert.Equal(1, await db.ScalarAsync($"SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't{k}' AND COLUMN_NAME = 'c{k}'"));
        }

        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't4' AND COLUMN_NAME = 'extra'"));
    }

    /// <summary>How many statements history records as done; -1 before the history table exists.</summary>
    public static async Task<long> ProgressAsync(MariaDbDatabase db) =>
        await db.TableExistsAsync("slipway_history") ? await db.ScalarAsync("SELECT COALESCE(sum(statements_done), 0) FROM slipway_history") : -1;
}
