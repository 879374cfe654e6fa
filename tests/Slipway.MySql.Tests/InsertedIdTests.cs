using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Testing;

namespace Slipway.MySql.Tests;

/// <summary>
/// A DDL migration runs one statement at a time and replaces its progress row by id after each one. The
/// session takes that id from the insert itself instead of reading the whole history back: the id it
/// reports must be the progress row's, or the next write would replace (and its guard check) another row.
/// </summary>
public sealed class InsertedIdTests
{
    [Fact]
    public async Task The_session_reports_the_id_of_the_progress_row_it_inserted_and_nothing_after_other_outcomes()
    {
        await using var db = await MariaDbServer.CreateDatabaseAsync("ids");
        var provider = new MySqlProvider(MySqlConnectionUrl.Parse(db.Url));
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var reports = Assert.IsAssignableFrom<IKnowsInsertedId>(session);

        // Rows before it, so the progress row's id is not the first one.
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE a (id int)", Record = Record("1", done: null) }));
        Assert.Null(reports.LastInsertedId);
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE b (id int)", Record = Record("2", done: null) }));

        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE c1 (id int)", Record = Record("3", done: 1) }));
        var first = ProgressRow.Find(await session.ReadHistoryAsync(false), Record("3", done: null));
        Assert.NotNull(first);
        Assert.Equal(first.Id, reports.LastInsertedId);

        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE c2 (id int)", Record = Record("3", done: 2), RemoveIds = [first.Id] }));
        var second = ProgressRow.Find(await session.ReadHistoryAsync(false), Record("3", done: null));
        Assert.NotNull(second);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(second.Id, reports.LastInsertedId);

        // A replacement whose row is gone changes nothing and reports nothing.
        Assert.False(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE c3 (id int)", Record = Record("3", done: 3), RemoveIds = [first.Id] }));
        Assert.Null(reports.LastInsertedId);
        Assert.False(await db.TableExistsAsync("c3"));

        // A failed statement reports nothing either.
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE c3 (id int)", Record = Record("3", done: 3), RemoveIds = [second.Id] }));
        await Assert.ThrowsAsync<MigrationFailedException>(() => session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE c3 (id int)", Record = Record("3", done: 4), RemoveIds = [reports.LastInsertedId!.Value] }));
        Assert.Null(reports.LastInsertedId);

        var history = await session.ReadHistoryAsync(false);
        Assert.Equal(["1", "2", "3"], history.Select(h => h.Version!.Text));
        Assert.Equal(3, Assert.Single(history, h => !h.Success).StatementsDone);
    }

    // done: null for a completed migration's row, else a progress row after that many statements.
    private static HistoryRecord Record(string version, int? done) => new()
    {
        Version = MigrationVersion.Parse(version),
        Description = "ddl",
        Kind = MigrationKind.Versioned,
        Script = $"V{version}__ddl.sql",
        Checksum = Checksum.Compute(version),
        Success = done is null,
        StatementsDone = done ?? 0,
    };
}
