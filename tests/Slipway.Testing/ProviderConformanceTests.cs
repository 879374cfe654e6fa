using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.History;
using Slipway.Planning;

namespace Slipway.Testing;

/// <summary>
/// The behaviour every provider must have, run against a real database by each provider's test
/// project (inherit this class and supply a fresh, empty database per test). The SQL here is portable
/// between PostgreSQL and SQLite on purpose.
/// </summary>
public abstract partial class ProviderConformanceTests
{
    /// <summary>A provider for a fresh, empty database of its own.</summary>
    protected abstract Task<IMigrationProvider> CreateProviderAsync();

    /// <summary>Counts rows of a query's result in the provider's database (test-side connection).</summary>
    protected abstract Task<long> CountAsync(IMigrationProvider provider, string sql);

    /// <summary>True when <paramref name="table"/> exists.</summary>
    protected abstract Task<bool> TableExistsAsync(IMigrationProvider provider, string table);

    private static readonly RunIdentity Identity = new("conformance-host", "1.2.3");

    /// <summary>
    /// False for a database whose DDL commits implicitly (MySQL, MariaDB): a change with DDL cannot be
    /// rolled back there, so the atomicity tests use DML and check that DDL is refused by dry runs instead.
    /// </summary>
    protected virtual bool TransactionalDdl => true;

    [Fact]
    public async Task ReadHistory_returns_empty_when_the_table_does_not_exist()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        Assert.Empty(await session.ReadHistoryAsync(true));
    }

    [Fact]
    public async Task EnsureHistoryTable_is_idempotent()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        await session.EnsureHistoryTableAsync();
        Assert.Empty(await session.ReadHistoryAsync(false));
    }

    [Fact]
    public async Task Apply_commits_the_sql_and_its_history_row_together()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var record = Record("1", "create items", "CREATE TABLE items (id integer PRIMARY KEY)", down: "DROP TABLE items");

        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE items (id integer PRIMARY KEY)", Record = record }));

        Assert.True(await TableExistsAsync(provider, "items"));
        var row = Assert.Single(await session.ReadHistoryAsync(true));
        Assert.Equal("1", row.Version!.Text);
        Assert.Equal(MigrationKind.Versioned, row.Kind);
        Assert.Equal(record.Checksum, row.Checksum);
        Assert.Equal("conformance-host", row.Host);
        Assert.Equal("1.2.3", row.AppVersion);
        Assert.Equal("DROP TABLE items", row.DownScript);
        Assert.True(row.Success);
        Assert.False(string.IsNullOrEmpty(row.AppliedBy));
        Assert.NotNull(row.FinishedAt);
        Assert.True(row.FinishedAt >= row.StartedAt);
    }

    [Fact]
    public async Task A_migration_run_statement_by_statement_and_resumed_keeps_the_start_of_its_first_statement()
    {
        var provider = await CreateProviderAsync();
        const string Setup = "CREATE TABLE effects (step integer PRIMARY KEY);";
        const string Steps = "-- slipway: no-transaction\nINSERT INTO effects VALUES (1);\nINSERT INTO {0} VALUES (2);\nINSERT INTO effects VALUES (3);";
        Migrator With(string table) => new(provider, [new InMemoryMigrationSource(("V1__setup.sql", Setup), ("V2__steps.sql", Steps.Replace("{0}", table, StringComparison.Ordinal)))]);

        await Assert.ThrowsAsync<MigrationFailedException>(() => With("no_such_table").MigrateAsync());
        var progress = Assert.Single(await HistoryAsync(provider), r => r.Version?.Text == "2");
        Assert.Equal((false, 1), (progress.Success, progress.StatementsDone));

        await With("effects").MigrateAsync();

        // The row the second run wrote says when the migration began: in the first run.
        var done = Assert.Single(await HistoryAsync(provider), r => r.Version?.Text == "2");
        Assert.Equal((true, 3), (done.Success, done.StatementsDone));
        Assert.Equal(progress.StartedAt, done.StartedAt);
        Assert.True(done.FinishedAt > done.StartedAt);
        Assert.Equal(3, await CountAsync(provider, "SELECT step FROM effects"));
    }

    private static async Task<IReadOnlyList<AppliedMigration>> HistoryAsync(IMigrationProvider provider)
    {
        await using var session = await provider.OpenAsync();
        return await session.ReadHistoryAsync(false);
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_trace_of_its_first_statement_and_no_history_row()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        if (!TransactionalDdl)
        {
            await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE first_part (id integer)" });
        }

        var sql = TransactionalDdl ? "CREATE TABLE first_part (id integer);\nINSERT INTO no_such_table VALUES (1);" : "INSERT INTO first_part VALUES (1);\nINSERT INTO no_such_table VALUES (1);";

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => session.ApplyAsync(new ChangeSet { Sql = sql, Record = Record("1", "broken", sql) }));

        Assert.Contains("V1__broken.sql", error.Message, StringComparison.Ordinal);
        Assert.True(TransactionalDdl ? !await TableExistsAsync(provider, "first_part") : await CountAsync(provider, "SELECT * FROM first_part") == 0);
        Assert.Empty(await session.ReadHistoryAsync(false));
        // The session is still usable after the failure.
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE after_failure (id integer)", Record = Record("1", "fixed", "CREATE TABLE after_failure (id integer)") }));
    }

    [Fact]
    public async Task Apply_does_nothing_and_returns_false_when_the_version_is_already_applied()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE once (id integer)", Record = Record("7", "once", "x") });

        var again = await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE once (id integer)", Record = Record("7", "once", "x") });

        Assert.False(again);
        Assert.Single(await session.ReadHistoryAsync(false));
    }

    [Fact]
    public async Task A_repeatable_is_applied_again_only_when_its_checksum_changes()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        HistoryRecord Repeatable(string sql) => new() { Description = "view", Kind = MigrationKind.Repeatable, Script = "R__view.sql", Checksum = Checksum.Compute(sql) };

        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "CREATE VIEW v AS SELECT 1 AS one", Record = Repeatable("a") }));
        Assert.False(await session.ApplyAsync(new ChangeSet { Sql = "CREATE VIEW v AS SELECT 1 AS one", Record = Repeatable("a") }));
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "DROP VIEW v; CREATE VIEW v AS SELECT 2 AS two", Record = Repeatable("b") }));
        Assert.Equal(2, (await session.ReadHistoryAsync(false)).Count);
    }

    [Fact]
    public async Task Checksums_read_back_exactly_as_written_whatever_their_form()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var current = Checksum.Compute("SELECT 1");
        // Algorithm 1's text is held as bytes on the way back; every other form must come back untouched.
        string?[] written = [current, current.ToUpperInvariant(), current[..63], current + "0", "é" + current[1..], "crc32:-1234567", null];
        for (var i = 0; i < written.Length; i++)
        {
            var n = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await session.ApplyAsync(new ChangeSet { Record = Record(n, "row " + n, "SELECT 1") with { Checksum = written[i] } }));
        }

        var read = await session.ReadHistoryAsync(false);
        Assert.Equal(written, read.Select(r => r.Checksum));
        Assert.Equal(read[0], read[0] with { Checksum = current });
    }

    [Fact]
    public async Task Every_kind_and_phase_reads_back_as_written()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var written = new List<(MigrationKind Kind, MigrationPhase Phase)>();
        foreach (var kind in Enum.GetValues<MigrationKind>())
        {
            foreach (var phase in Enum.GetValues<MigrationPhase>())
            {
                var n = (written.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var record = Record(n, "row " + n, "SELECT " + n) with { Kind = kind, Phase = phase };
                if (kind == MigrationKind.Repeatable)
                {
                    record = record with { Version = null, Script = $"R__row_{n}.sql" };
                }
                else if (kind == MigrationKind.Baseline)
                {
                    // As `baseline` writes it: a baseline script (with a checksum) builds only a new database.
                    record = record with { Checksum = null };
                }

                Assert.True(await session.ApplyAsync(new ChangeSet { Record = record }));
                written.Add((kind, phase));
            }
        }

        Assert.Equal(written, (await session.ReadHistoryAsync(false)).Select(r => (r.Kind, r.Phase)));
    }

    [Fact]
    public async Task A_baseline_script_runs_only_on_a_new_history()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var baseline = Record("2", "squashed", "CREATE TABLE built (id integer)") with { Kind = MigrationKind.Baseline, Script = "B2__squashed.sql" };

        var first = await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE built (id integer)", Record = baseline });
        var second = await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE built_again (id integer)", Record = baseline });

        Assert.True(first);
        Assert.False(second);
        Assert.Equal([MigrationKind.Baseline], (await session.ReadHistoryAsync(false)).Select(r => r.Kind));
        await session.ExecuteNonTransactionalAsync("CREATE TABLE built_again (id integer)", ExecutionSettings.None);
    }

    [Fact]
    public async Task RemoveIds_deletes_rows_in_the_same_transaction_and_is_skipped_when_they_are_gone()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE gone (id integer)", Record = Record("1", "gone", "x") });
        var id = Assert.Single(await session.ReadHistoryAsync(false)).Id;

        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "DROP TABLE gone", RemoveIds = [id] }));
        Assert.False(await session.ApplyAsync(new ChangeSet { Sql = "DROP TABLE gone", RemoveIds = [id] }));

        Assert.Empty(await session.ReadHistoryAsync(false));
        Assert.False(await TableExistsAsync(provider, "gone"));
    }

    [Fact]
    public async Task Migrate_applies_pending_migrations_once_then_takes_the_fast_path()
    {
        var provider = await CreateProviderAsync();
        var source = new InMemoryMigrationSource(
            ("V1__items.sql", "CREATE TABLE items (id integer PRIMARY KEY, name text);"),
            ("V1.1__seed.sql", "INSERT INTO items VALUES (1, 'a'); INSERT INTO items VALUES (2, 'b');"),
            ("V1.10__more.sql", "INSERT INTO items VALUES (3, 'c');"),
            ("V1.9__between.sql", "CREATE TABLE between_ (id integer);"),
            ("R__view.sql", "DROP VIEW IF EXISTS item_names;\nCREATE VIEW item_names AS SELECT name FROM items;"));
        var migrator = new Migrator(provider, [source], new MigratorOptions { Identity = Identity });

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(["V1__items.sql", "V1.1__seed.sql", "V1.9__between.sql", "V1.10__more.sql", "R__view.sql"], first.Results.Select(r => r.Script));
        Assert.Equal("1.10", first.CurrentVersion!.Text);
        Assert.False(first.FastPath);
        Assert.True(second.FastPath);
        Assert.Empty(second.Results);
        Assert.Equal(3, await CountAsync(provider, "SELECT * FROM items"));
    }

    [Fact]
    public async Task A_fully_applied_history_is_recognised_as_it_is_read_and_anything_else_is_read_for_the_plan()
    {
        var provider = await CreateProviderAsync();
        (string, string)[] files = [("V1__a.sql", "CREATE TABLE a (id integer);"), ("V2__b.sql", "CREATE TABLE b (id integer);"), ("V10__c.sql", "CREATE TABLE c (id integer);")];
        await using var session = await provider.OpenAsync();
        async Task<IReadOnlyList<AppliedMigration>?> CheckAsync(params (string Name, string Sql)[] scripts) =>
            await EngineSteps.CheckOrReadHistoryAsync(session, await MigrationCatalog.LoadAsync([new InMemoryMigrationSource(scripts)]), CancellationToken.None);

        Assert.Null(await CheckAsync()); // no history table, no migrations
        Assert.Empty((await CheckAsync(files))!); // no history table: all pending
        await new Migrator(provider, [new InMemoryMigrationSource(files)]).MigrateAsync();

        Assert.Null(await CheckAsync(files));
        Assert.Equal(3, (await CheckAsync(files[0], files[1]))?.Count);
        Assert.Equal(3, (await CheckAsync([.. files, ("V11__d.sql", "CREATE TABLE d (id integer);")]))?.Count);
        Assert.Equal(3, (await CheckAsync(files[0], files[1], ("V10__c.sql", "CREATE TABLE c (id bigint);")))?.Count);
        Assert.Equal(3, (await CheckAsync([.. files, ("R__v.sql", "CREATE VIEW v AS SELECT 1 AS one;")]))?.Count);

        var report = await new Migrator(provider, [new InMemoryMigrationSource(files)]).MigrateAsync();
        Assert.True(report.FastPath);
        Assert.Equal("10", report.CurrentVersion!.Text);
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        var provider = await CreateProviderAsync();
        var scripts = Enumerable.Range(1, 6).Select(i => ($"V{i}__step.sql", i == 1
            ? "CREATE TABLE runs (version integer PRIMARY KEY);"
            : $"INSERT INTO runs VALUES ({i}); CREATE TABLE t{i} (id integer);")).ToArray();
        var source = new InMemoryMigrationSource(scripts);

        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            new Migrator(provider, [source], new MigratorOptions { LockWait = TimeSpan.FromMinutes(1) }).MigrateAsync())));

        Assert.Equal(6, reports.Sum(r => r.AppliedCount));
        Assert.Equal(5, await CountAsync(provider, "SELECT * FROM runs"));
        await using var session = await provider.OpenAsync();
        Assert.Equal(6, (await session.ReadHistoryAsync(false)).Count);
    }

    [Fact]
    public async Task Validation_reports_a_changed_checksum_and_a_missing_file_and_applies_nothing()
    {
        var provider = await CreateProviderAsync();
        await new Migrator(provider, [new InMemoryMigrationSource(
            ("V1__a.sql", "CREATE TABLE a (id integer);"),
            ("V2__b.sql", "CREATE TABLE b (id integer);"))]).MigrateAsync();

        var changed = new Migrator(provider, [new InMemoryMigrationSource(
            ("V1__a.sql", "CREATE TABLE a (id integer, extra integer);"),
            ("V3__c.sql", "CREATE TABLE c (id integer);"))]);
        var error = await Assert.ThrowsAsync<ValidationException>(() => changed.MigrateAsync());

        Assert.Contains(error.Problems, p => p.Code == "checksum-mismatch" && p.Location.Contains("V1__a.sql", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Code == "applied-missing" && p.Location == "V2__b.sql");
        Assert.False(await TableExistsAsync(provider, "c"));
    }

    [Fact]
    public async Task Line_ending_and_bom_differences_do_not_change_the_checksum()
    {
        var provider = await CreateProviderAsync();
        await new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "CREATE TABLE a (id integer);\nCREATE TABLE b (id integer);\n"))]).MigrateAsync();

        var plan = await new Migrator(provider, [new InMemoryMigrationSource(("V1__a.sql", "\uFEFFCREATE TABLE a (id integer);\r\nCREATE TABLE b (id integer);\r\n"))]).ValidateAsync();

        Assert.Empty(plan.Pending);
        Assert.DoesNotContain(plan.Problems, p => p.Severity == ProblemSeverity.Error);
    }

    [Fact]
    public async Task A_change_listing_the_row_it_replaces_keeps_the_version_and_the_given_times()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE kept (id integer)", Record = Record("1", "kept", "x") });
        var old = Assert.Single(await session.ReadHistoryAsync(false));
        var replacement = Record("1", "kept", "x edited") with { StartedAt = old.StartedAt, FinishedAt = old.FinishedAt, ExecutionMs = 42, AppliedBy = "original_role" };

        Assert.True(await session.ApplyAsync(new ChangeSet { RemoveIds = [old.Id], Record = replacement }));
        Assert.False(await session.ApplyAsync(new ChangeSet { RemoveIds = [old.Id], Record = replacement }));

        var row = Assert.Single(await session.ReadHistoryAsync(false));
        Assert.Equal(Checksum.Compute("x edited"), row.Checksum);
        Assert.Equal(old.StartedAt, row.StartedAt);
        Assert.Equal(42, row.ExecutionMs);
        Assert.Equal("original_role", row.AppliedBy);
    }

    [Fact]
    public async Task Snapshot_sees_a_new_index_and_ignores_the_history_table()
    {
        var provider = await CreateProviderAsync();
        var tools = Assert.IsAssignableFrom<ISchemaTools>(provider);
        await using var session = await provider.OpenAsync();
        await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE snap (id integer PRIMARY KEY, body varchar(50) NOT NULL DEFAULT 'x')" });
        var before = await tools.SnapshotAsync();
        await session.EnsureHistoryTableAsync();
        Assert.Null(SchemaSnapshot.FirstDifference(before, await tools.SnapshotAsync()));

        await session.ApplyAsync(new ChangeSet { Sql = "CREATE INDEX snap_body ON snap (body)" });

        var difference = SchemaSnapshot.FirstDifference(before, await tools.SnapshotAsync());
        Assert.NotNull(difference);
        Assert.Contains("snap_body", difference.Name, StringComparison.Ordinal);
        Assert.Null(difference.Expected);
        Assert.Contains(before.Objects.Keys, k => k.Contains("snap.body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAndRollBack_runs_every_change_and_leaves_nothing_behind()
    {
        var provider = await CreateProviderAsync();
        var tools = (ISchemaTools)provider;
        if (!TransactionalDdl)
        {
            await using var session = await provider.OpenAsync();
            await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE dry (id integer)" });
        }

        ChangeSet[] changes =
        [
            new() { Sql = TransactionalDdl ? "CREATE TABLE dry (id integer)" : "INSERT INTO dry VALUES (0)", Record = Record("1", "dry", "a") },
            new() { Sql = "INSERT INTO dry VALUES (1)", Record = Record("2", "fill", "b") },
        ];

        var durations = await tools.ExecuteAndRollBackAsync(changes);
        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => tools.ExecuteAndRollBackAsync([changes[0], new() { Sql = "INSERT INTO nowhere VALUES (1)", Record = Record("3", "broken", "c") }]));

        Assert.Equal(2, durations.Count);
        Assert.Equal("V3__broken.sql", error.Script);
        Assert.True(TransactionalDdl ? !await TableExistsAsync(provider, "dry") : await CountAsync(provider, "SELECT * FROM dry") == 0);
    }

    [Fact]
    public async Task ExecuteAndRollBack_refuses_ddl_it_could_not_roll_back_and_runs_nothing()
    {
        var provider = await CreateProviderAsync();
        var tools = (ISchemaTools)provider;
        ChangeSet[] changes =
        [
            new() { Sql = "CREATE TABLE dry_first (id integer)", Record = Record("1", "first", "a") },
            new() { Sql = "CREATE TABLE dry_second (id integer)", Record = Record("2", "second", "b") },
        ];

        if (TransactionalDdl)
        {
            // Where DDL is transactional it is rolled back like any other statement.
            Assert.Equal(2, (await tools.ExecuteAndRollBackAsync(changes)).Count);
        }
        else
        {
            var error = await Assert.ThrowsAsync<MigrationFailedException>(() => tools.ExecuteAndRollBackAsync(changes));
            Assert.Equal("V1__first.sql", error.Script);
            Assert.Contains("CREATE TABLE", error.Message, StringComparison.Ordinal);
        }

        Assert.False(await TableExistsAsync(provider, "dry_first"));
        Assert.False(await TableExistsAsync(provider, "dry_second"));
    }

    [Fact]
    public async Task A_scratch_target_is_empty_usable_and_gone_after_dispose()
    {
        var provider = await CreateProviderAsync();
        await using (var session = await provider.OpenAsync())
        {
            await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE outside (id integer)" });
        }

        var scratch = await ((ISchemaTools)provider).CreateScratchAsync();
        await using (var session = await scratch.Provider.OpenAsync())
        {
            await session.ApplyAsync(new ChangeSet { Sql = "CREATE TABLE inside (id integer)" });
        }

        var snapshot = await ((ISchemaTools)scratch.Provider).SnapshotAsync();
        await scratch.DisposeAsync();

        Assert.Contains(snapshot.Objects.Keys, k => k.EndsWith("inside", StringComparison.Ordinal));
        Assert.DoesNotContain(snapshot.Objects.Keys, k => k.EndsWith("outside", StringComparison.Ordinal));
        SchemaSnapshot? after = null;
        try
        {
            // SQLite re-creates an empty file on open; PostgreSQL refuses a dropped database.
            after = await ((ISchemaTools)scratch.Provider).SnapshotAsync();
        }
        catch (DatabaseUnreachableException ex)
        {
            // Only "that database no longer exists" means gone; any other failure here is a failure.
            Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
            Assert.False(ex.IsTransient, ex.Message);
        }

        Assert.True(after is null || !after.Objects.Keys.Any(k => k.EndsWith("inside", StringComparison.Ordinal)), "the scratch target survived dispose");
    }

    /// <summary>
    /// Holds the migration lock of <paramref name="provider"/>'s database as another runner would. Disposing
    /// <c>Release</c> lets it go; disposing <c>Die</c> ends the holder without letting go (its connection
    /// closes). By default a second session's <see cref="IMigrationSession.LockAsync"/>.
    /// </summary>
    protected virtual async Task<(IAsyncDisposable Release, IAsyncDisposable Die)> HoldLockAsync(IMigrationProvider provider)
    {
        var session = await provider.OpenAsync();
        return (await session.LockAsync(TimeSpan.FromMinutes(1)), session);
    }

    /// <summary>
    /// Takes the lock as a runner does, waiting at most <paramref name="wait"/>, then lets it go; throws
    /// <see cref="LockTimeoutException"/> when that is not enough. It writes nothing but, where the lock
    /// lives in a change's transaction, a table named <c>waited</c>. By default <see cref="IMigrationSession.LockAsync"/>.
    /// </summary>
    protected virtual async Task WaitForLockAsync(IMigrationProvider provider, TimeSpan wait)
    {
        await using var session = await provider.OpenAsync();
        await using (await session.LockAsync(wait))
        {
        }
    }

    /// <summary>
    /// Takes the lock away from a live holder the way the provider can lose it (an expired lease taken
    /// over, a terminated server session); false when its lock cannot be lost.
    /// </summary>
    protected virtual Task<bool> TakeLockAwayAsync(IMigrationProvider provider) => Task.FromResult(false);

    [Fact]
    public async Task A_second_runner_waits_at_most_its_lock_wait_then_gets_LockTimeoutException_and_changes_nothing()
    {
        var provider = await CreateProviderAsync();
        var (release, die) = await HoldLockAsync(provider);
        try
        {
            var error = await Assert.ThrowsAsync<LockTimeoutException>(() => WaitForLockAsync(provider, TimeSpan.FromMilliseconds(300)));

            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.False(await TableExistsAsync(provider, "waited"));
        }
        finally
        {
            await release.DisposeAsync();
            await die.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_lock_is_free_again_once_its_holder_lets_go()
    {
        var provider = await CreateProviderAsync();
        var (release, die) = await HoldLockAsync(provider);
        await release.DisposeAsync();

        await WaitForLockAsync(provider, TimeSpan.FromSeconds(30));
        await die.DisposeAsync();
    }

    [Fact]
    public async Task The_lock_is_free_again_when_its_holder_dies_without_letting_go()
    {
        var provider = await CreateProviderAsync();
        var (_, die) = await HoldLockAsync(provider);
        await die.DisposeAsync();

        // A lease expires (the lease-mode suite uses a short one); a session or transaction lock goes with its connection.
        await WaitForLockAsync(provider, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_change_after_the_lock_was_taken_away_fails_as_lost_and_changes_nothing()
    {
        var provider = await CreateProviderAsync();
        var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();
        var handle = await session.LockAsync(TimeSpan.FromMinutes(1));
        var change = new ChangeSet { Sql = "CREATE TABLE after_loss (id integer)", Record = Record("1", "after loss", "x") };

        if (await TakeLockAwayAsync(provider))
        {
            var error = await Assert.ThrowsAnyAsync<SlipwayException>(() => session.ApplyAsync(change));

            Assert.True(error is LockLostException or ConnectionLostException, error.ToString());
            Assert.False(await TableExistsAsync(provider, "after_loss"));
        }
        else
        {
            // A lock that cannot be lost never stops a change.
            Assert.True(await session.ApplyAsync(change));
        }

        // Letting go of a lost lock, or one whose connection is gone, never throws.
        await handle.DisposeAsync();
        await session.DisposeAsync();
    }

    [Fact]
    public async Task A_non_transactional_statement_commits_by_itself_and_stays_when_a_later_one_fails()
    {
        var provider = await CreateProviderAsync();
        await using var session = await provider.OpenAsync();
        await session.EnsureHistoryTableAsync();

        await session.ExecuteNonTransactionalAsync("CREATE TABLE autocommitted (id integer, note text)", ExecutionSettings.None);
        await session.ExecuteNonTransactionalAsync("INSERT INTO autocommitted VALUES (1, 'a;b')", new ExecutionSettings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => session.ExecuteNonTransactionalAsync("INSERT INTO nowhere VALUES (1)", ExecutionSettings.None));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        // Seen from another connection: each statement committed on its own, the failed one left them alone.
        Assert.Equal(1, await CountAsync(provider, "SELECT * FROM autocommitted WHERE note = 'a;b'"));
        // The session goes on: the next transactional change applies.
        Assert.True(await session.ApplyAsync(new ChangeSet { Sql = "INSERT INTO autocommitted VALUES (2, 'b')", Record = Record("1", "after", "y") }));
        Assert.Equal(2, await CountAsync(provider, "SELECT * FROM autocommitted"));
    }

    private static HistoryRecord Record(string version, string description, string sql, string? down = null) => new()
    {
        Version = MigrationVersion.Parse(version),
        Description = description,
        Kind = MigrationKind.Versioned,
        Script = $"V{version}__{description.Replace(' ', '_')}.sql",
        Checksum = Checksum.Compute(sql),
        Host = Identity.Host,
        AppVersion = Identity.AppVersion,
        DownScript = down,
    };
}
