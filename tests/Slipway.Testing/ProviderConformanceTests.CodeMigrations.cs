using System.Data.Common;
using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.Testing;

/// <summary>C# migrations: ordered with SQL files, atomic with their history row, reversible, checksummed, once.</summary>
public abstract partial class ProviderConformanceTests
{
    private static InMemoryMigrationSource LedgerScripts() => new(
        ("V1__ledger.sql", "CREATE TABLE ledger (step integer PRIMARY KEY, note text);"),
        ("V3__after_code.sql", "INSERT INTO ledger VALUES (3, 'sql after code');"));

    private static async Task InsertAsync(MigrationContext context, int step, string note, CancellationToken cancellationToken)
    {
        await using var command = context.CreateCommand("INSERT INTO ledger (step, note) VALUES (@step, @note)");
        Parameter(command, "@step", step);
        Parameter(command, "@note", note);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// False for a provider whose sessions do not implement <see cref="ICodeMigrationSession"/>: there every
    /// C# migration test checks the refusal instead, before anything is applied.
    /// </summary>
    protected virtual bool RunsCodeMigrations => true;

    private async Task<bool> RefusedWithoutCodeSessionAsync()
    {
        if (RunsCodeMigrations)
        {
            return false;
        }

        var provider = await CreateProviderAsync();
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            new Migrator(provider, [LedgerScripts(), new CodeMigrationSource().Add<BackfillStep2>()]).MigrateAsync());
        Assert.Contains("cannot run C# migrations", error.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync(provider, "ledger"));
        return true;
    }

    [Fact]
    public async Task Code_migrations_run_in_version_order_with_sql_files_and_see_the_placeholders()
    {
        if (await RefusedWithoutCodeSessionAsync())
        {
            return;
        }

        var provider = await CreateProviderAsync();
        var code = new CodeMigrationSource().Add<BackfillStep2>().Add<TenantStep4>();
        var options = new MigratorOptions { Placeholders = new Dictionary<string, string> { ["tenant"] = "acme" } };

        var report = await new Migrator(provider, [LedgerScripts(), code], options).MigrateAsync();
        var again = await new Migrator(provider, [LedgerScripts(), code], options).MigrateAsync();

        Assert.Equal(["V1__ledger.sql", typeof(BackfillStep2).FullName, "V3__after_code.sql", typeof(TenantStep4).FullName], report.Results.Select(r => r.Script));
        Assert.Equal("4", report.CurrentVersion!.Text);
        Assert.True(again.FastPath);
        Assert.Equal(1, await CountAsync(provider, "SELECT * FROM ledger WHERE step = 2 AND note = 'backfilled by C#'"));
        Assert.Equal(1, await CountAsync(provider, "SELECT * FROM ledger WHERE step = 4 AND note = 'tenant acme'"));
        await using var session = await provider.OpenAsync();
        var row = Assert.Single(await session.ReadHistoryAsync(false), r => r.Version?.Text == "2");
        Assert.Equal(typeof(BackfillStep2).FullName, row.Script);
        Assert.Equal("backfill step 2", row.Description);
        Assert.Equal(Checksum.Compute("slipway-code-migration:1"), row.Checksum);
    }

    [Fact]
    public async Task A_throwing_code_migration_leaves_neither_its_writes_nor_its_history_row()
    {
        if (await RefusedWithoutCodeSessionAsync())
        {
            return;
        }

        var provider = await CreateProviderAsync();

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() =>
            new Migrator(provider, [LedgerScripts(), new CodeMigrationSource().Add<ThrowsAfterWriting>()]).MigrateAsync());

        Assert.Contains(typeof(ThrowsAfterWriting).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: the backfill found a bad row", error.Message, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync(provider, "ledger"));
        Assert.Equal(0, await CountAsync(provider, "SELECT * FROM ledger"));
        await using var session = await provider.OpenAsync();
        Assert.Equal(["1"], (await session.ReadHistoryAsync(false)).Select(r => r.Version!.Text));
    }

    [Fact]
    public async Task Rollback_runs_DownAsync_with_the_history_change_and_refuses_a_code_migration_without_one()
    {
        if (await RefusedWithoutCodeSessionAsync())
        {
            return;
        }

        var provider = await CreateProviderAsync();
        IMigrationSource[] reversible = [LedgerScripts(), new InMemoryMigrationSource(("U3__after_code.sql", "DELETE FROM ledger WHERE step = 3;")), new CodeMigrationSource().Add<BackfillStep2>()];
        var other = await CreateProviderAsync();
        IMigrationSource[] irreversible = [LedgerScripts(), new CodeMigrationSource().Add<TenantStep4>()];
        var options = new MigratorOptions { Placeholders = new Dictionary<string, string> { ["tenant"] = "acme" } };
        await new Migrator(provider, reversible).MigrateAsync();
        await new Migrator(other, irreversible, options).MigrateAsync();

        var down = await new RollbackRunner(provider, reversible).RunAsync(new RollbackRequest { To = MigrationVersion.Parse("1") });
        var refused = await Assert.ThrowsAsync<ValidationException>(() => new RollbackRunner(other, irreversible, options).RunAsync(new RollbackRequest { To = MigrationVersion.Parse("3") }));

        Assert.Equal(2, down.RolledBackCount);
        Assert.Equal("1", down.CurrentVersion!.Text);
        Assert.Equal(0, await CountAsync(provider, "SELECT * FROM ledger"));
        await using (var session = await provider.OpenAsync())
        {
            Assert.Equal(["1"], (await session.ReadHistoryAsync(false)).Where(r => r.Kind == MigrationKind.Versioned).Select(r => r.Version!.Text));
        }

        var problem = Assert.Single(refused.Problems);
        Assert.Equal("no-down-script", problem.Code);
        Assert.Contains("C# migration without DownAsync", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(other, "SELECT * FROM ledger WHERE step = 4"));
    }

    [Fact]
    public async Task Changing_the_declared_checksum_of_an_applied_code_migration_is_reported()
    {
        if (await RefusedWithoutCodeSessionAsync())
        {
            return;
        }

        var provider = await CreateProviderAsync();
        await new Migrator(provider, [LedgerScripts(), new CodeMigrationSource().Add<BackfillStep2>()]).MigrateAsync();

        var plan = await new Migrator(provider, [LedgerScripts(), new CodeMigrationSource().Add<BackfillStep2Edited>()]).PlanAsync();

        var problem = Assert.Single(plan.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal("checksum-mismatch", problem.Code);
        Assert.Contains(typeof(BackfillStep2Edited).FullName!, problem.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_migration_sharing_a_version_with_a_file_is_a_duplicate()
    {
        var provider = await CreateProviderAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            new Migrator(provider, [LedgerScripts(), new InMemoryMigrationSource(("V2__file.sql", "SELECT 1;")), new CodeMigrationSource().Add<BackfillStep2>()]).MigrateAsync());

        Assert.Contains(error.Problems, p => p.Code == "duplicate-version");
        Assert.False(await TableExistsAsync(provider, "ledger"));
    }

    [Fact]
    public async Task Concurrent_migrators_run_a_code_migration_exactly_once()
    {
        if (await RefusedWithoutCodeSessionAsync())
        {
            return;
        }

        var provider = await CreateProviderAsync();
        var sources = new IMigrationSource[] { LedgerScripts(), new CodeMigrationSource().Add<BackfillStep2>() };

        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            new Migrator(provider, sources, new MigratorOptions { LockWait = TimeSpan.FromMinutes(1) }).MigrateAsync())));

        Assert.Equal(1, reports.Sum(r => r.Results.Count(x => x.Script == typeof(BackfillStep2).FullName && x.Status == MigrationStatus.Applied)));
        Assert.Equal(1, await CountAsync(provider, "SELECT * FROM ledger WHERE step = 2"));
    }

    [Migration("2", "backfill_step_2")]
    private sealed class BackfillStep2 : IReversibleCodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
            InsertAsync(context, 2, "backfilled by C#", cancellationToken);

        public async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            await using var command = context.CreateCommand("DELETE FROM ledger WHERE step = 2");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    [Migration("2", "backfill_step_2", Checksum = "2")]
    private sealed class BackfillStep2Edited : ICodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
            InsertAsync(context, 2, "backfilled differently", cancellationToken);
    }

    [Migration("4", "tenant_step")]
    private sealed class TenantStep4 : ICodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
            InsertAsync(context, 4, "tenant " + context.Placeholders["TENANT"], cancellationToken);
    }

    [Migration("2", "throws")]
    private sealed class ThrowsAfterWriting : ICodeMigration
    {
        public async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            await InsertAsync(context, 2, "written before the failure", cancellationToken);
            throw new InvalidOperationException("the backfill found a bad row");
        }
    }
}
