using Slipway.Sql;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// Real MySQL migration folders run unchanged, up and down: a golang-migrate folder (procedures and
/// triggers without DELIMITER, a PREPARE/EXECUTE guard, a versioned comment) and a Flyway folder (DELIMITER
/// blocks). Each ends up with the schema its own tool makes, and rolls back to an empty database.
/// </summary>
[Collection(ProcessGroup.Name)]
public sealed class FolderStyleTests
{
    private static string Fixture(string name) => Repository.PathOf("tests/fixtures/migrations/" + name);

    [Fact]
    public async Task Slipway_splits_golang_migrate_files_where_the_server_does()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("split");
        foreach (var file in Directory.GetFiles(Fixture("mysql-golang-migrate"), "*.up.sql").Order(StringComparer.Ordinal))
        {
            var statements = SqlSplitter.Split(await File.ReadAllTextAsync(file), SqlDialect.MySql);

            Assert.Equal(await ServerReplay.MultiStatementAsync(db, file), statements.Count);
        }
    }

    [Fact]
    public async Task A_golang_migrate_folder_runs_unchanged_up_and_down_and_matches_golang_migrate()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("gm");
        await using var reference = await MariaDbServer.CreateDatabaseAsync("gmref");
        foreach (var file in Directory.GetFiles(Fixture("mysql-golang-migrate"), "*.up.sql").Order(StringComparer.Ordinal))
        {
            await ServerReplay.MultiStatementAsync(reference, file);
        }

        await AssertUpDownUpAsync(db, reference, Fixture("mysql-golang-migrate"), "000003", async () =>
        {
            Assert.Equal(2, await db.ScalarAsync("SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'ada@example.com'"));
            Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'orders_user_total' AND SEQ_IN_INDEX = 1"));
        });
    }

    [Fact]
    public async Task A_flyway_folder_with_delimiter_blocks_runs_unchanged_up_and_down_and_matches_the_mysql_client()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("fw");
        await using var reference = await MariaDbServer.CreateDatabaseAsync("fwref");
        foreach (var file in Directory.GetFiles(Fixture("mysql-flyway"), "V*.sql").Order(StringComparer.Ordinal))
        {
            await ServerReplay.ClientAsync(reference, file);
        }

        await AssertUpDownUpAsync(db, reference, Fixture("mysql-flyway"), "3", async () =>
        {
            Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM price_log WHERE new_cents = 1001"));
            Assert.Equal(1201, await db.ScalarAsync("SELECT with_tax(1001)"));
            Assert.Equal(2, await db.ScalarAsync("SELECT count(*) FROM cheap_products"));
        });
    }

    private static async Task AssertUpDownUpAsync(MariaDbDatabase db, MariaDbDatabase reference, string folder, string version, Func<Task> assertData)
    {
        var runner = new SlipwayRunner(new TempDirectory(), db.Url, ("SLIPWAY_MIGRATIONS", folder));
        var expected = await new MySqlProvider(MySqlConnectionUrl.Parse(reference.Url)).SnapshotAsync();
        var empty = await new MySqlProvider(MySqlConnectionUrl.Parse(db.Url)).SnapshotAsync();

        var up = await runner.RunAsync("migrate");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.True(up.Stdout.Contains($"now at version {version}", StringComparison.Ordinal), up.ToString());
        Assert.Null(Execution.SchemaSnapshot.FirstDifference(expected, await Snapshot(db)));
        await assertData();

        var down = await runner.RunAsync("rollback", "--to", "0");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Null(Execution.SchemaSnapshot.FirstDifference(empty, await Snapshot(db)));

        var again = await runner.RunAsync("migrate");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Null(Execution.SchemaSnapshot.FirstDifference(expected, await Snapshot(db)));
        await assertData();
    }

    private static Task<Execution.SchemaSnapshot> Snapshot(MariaDbDatabase db) => new MySqlProvider(MySqlConnectionUrl.Parse(db.Url)).SnapshotAsync();
}
