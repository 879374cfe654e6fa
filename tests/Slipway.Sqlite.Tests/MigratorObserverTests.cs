using Slipway.Backup;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Planning;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>The engine's observer hook points, on a real SQLite file.</summary>
public sealed class MigratorObserverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Observers_see_the_plan_before_any_change_annotate_history_and_hear_every_outcome()
    {
        var provider = Provider();
        var observer = new RecordingObserver();
        var source = new InMemoryMigrationSource(("V1__a.sql", "CREATE TABLE a (id INTEGER);"), ("V2__b.sql", "CREATE TABLE b (;"));
        var migrator = new Migrator(provider, [source], new MigratorOptions { Observers = [observer] });

        await Assert.ThrowsAsync<Diagnostics.MigrationFailedException>(() => migrator.MigrateAsync());
        var again = await new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "CREATE TABLE a (id INTEGER);"))], new MigratorOptions { Observers = [observer] }).MigrateAsync();

        Assert.Equal(["before:2", "V1__a.sql:Applied", "V2__b.sql:Failed"], observer.Calls);
        Assert.True(again.FastPath);
        await using var session = await provider.OpenAsync();
        var row = Assert.Single(await session.ReadHistoryAsync(false));
        Assert.Equal("noted", row.Note);
    }

    [Fact]
    public async Task An_observer_that_refuses_the_run_leaves_the_database_unchanged()
    {
        var provider = Provider();
        var migrator = new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "CREATE TABLE a (id INTEGER);"))],
            new MigratorOptions { Observers = [new RecordingObserver { Refuse = true }] });

        var error = await Assert.ThrowsAsync<BackupFailedException>(() => migrator.MigrateAsync());

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        await using var session = await provider.OpenAsync();
        Assert.Empty(await session.ReadHistoryAsync(false));
    }

    public void Dispose() => _dir.Dispose();

    private SqliteProvider Provider() => new(SqliteConnectionUrl.Parse("sqlite:" + _dir[Guid.NewGuid().ToString("N") + ".db"]));

    private sealed class RecordingObserver : IMigrationObserver
    {
        public List<string> Calls { get; } = [];

        public bool Refuse { get; init; }

        public Task BeforeApplyAsync(MigrationPlan plan, CancellationToken cancellationToken = default)
        {
            Calls.Add("before:" + plan.Pending.Count);
            return Refuse ? Task.FromException(new BackupFailedException("refused by the test")) : Task.CompletedTask;
        }

        public HistoryRecord Annotate(MigrationScript script, HistoryRecord record) => record with { Note = "noted" };

        public Task MigrationCompletedAsync(MigrationAudit audit, CancellationToken cancellationToken = default)
        {
            Calls.Add($"{audit.Script.Name}:{audit.Status}");
            return Task.CompletedTask;
        }
    }
}
