using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Testing;

namespace Slipway.Sqlite.Tests;

/// <summary>verify runs C# migrations up, down and up on the scratch database like SQL ones.</summary>
public sealed class CodeMigrationVerifyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_runs_a_reversible_code_migration_up_down_and_up_and_catches_a_down_that_does_not_undo()
    {
        var provider = new SqliteProvider(SqliteConnectionUrl.Parse("sqlite:" + _dir["v.db"]));
        var table = new InMemoryMigrationSource(("V1__base.sql", "CREATE TABLE base (id integer);"), ("U1__base.sql", "DROP TABLE base;"));

        var good = await new Verifier(provider, [table, new CodeMigrationSource().Add<AddsTable>()]).RunAsync(new VerifyRequest());
        var bad = await Assert.ThrowsAsync<VerificationException>(() => new Verifier(provider, [table, new CodeMigrationSource().Add<ForgetsTable>()]).RunAsync(new VerifyRequest()));

        Assert.Equal(["V1__base.sql", typeof(AddsTable).FullName!], good.Verified);
        Assert.Contains(typeof(ForgetsTable).FullName + ".DownAsync does not undo", bad.Message, StringComparison.Ordinal);
    }

    [Migration("2", "adds_table")]
    private sealed class AddsTable : IReversibleCodeMigration
    {
        public async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            await using var command = context.CreateCommand("CREATE TABLE made_by_code (id integer)");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            await using var command = context.CreateCommand("DROP TABLE made_by_code");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    [Migration("2", "forgets_table")]
    private sealed class ForgetsTable : IReversibleCodeMigration
    {
        public async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            await using var command = context.CreateCommand("CREATE TABLE made_by_code (id integer)");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
