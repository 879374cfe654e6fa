using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Testing;

/// <summary>Placeholders: replaced before a script runs, the same on every provider.</summary>
public abstract partial class ProviderConformanceTests
{
    private static InMemoryMigrationSource PlaceholderScripts() => new(
        ("V1__tenant_table.sql", "CREATE TABLE items_${tenant} (id integer PRIMARY KEY, region text);"),
        ("U1__tenant_table.sql", "DROP TABLE items_${tenant};"),
        ("V2__seed.sql", "-- seeded for ${nobody}: comments are not scanned\nINSERT INTO items_${tenant} VALUES (1, '${region}');\nINSERT INTO items_${tenant} VALUES (2, '$${region}');"),
        ("U2__seed.sql", "DELETE FROM items_${tenant};"),
        ("R__names.sql", "DROP VIEW IF EXISTS names_${tenant};\nCREATE VIEW names_${tenant} AS SELECT '${region}' AS region;"));

    private static MigratorOptions WithPlaceholders(string tenant, string region) => new()
    {
        Placeholders = new Dictionary<string, string> { ["tenant"] = tenant, ["REGION"] = region },
        Identity = Identity,
    };

    [Fact]
    public async Task Placeholders_are_replaced_in_up_down_and_repeatable_scripts_and_checksums_ignore_their_values()
    {
        var provider = await CreateProviderAsync();
        var source = PlaceholderScripts();

        var first = await new Migrator(provider, [source], WithPlaceholders("acme", "eu")).MigrateAsync();
        var seeded = await CountAsync(provider, "SELECT * FROM items_acme WHERE region = 'eu'");
        var escaped = await CountAsync(provider, "SELECT * FROM items_acme WHERE region = '${region}'");
        var view = await CountAsync(provider, "SELECT * FROM names_acme WHERE region = 'eu'");
        // Another value for the same scripts: nothing reads as edited, nothing is pending.
        var again = await new Migrator(provider, [source], WithPlaceholders("globex", "us")).MigrateAsync();
        var rolledBack = await new RollbackRunner(provider, [source], WithPlaceholders("acme", "eu")).RunAsync(new RollbackRequest { To = MigrationVersion.Parse("0") });

        Assert.Equal(["V1__tenant_table.sql", "V2__seed.sql", "R__names.sql"], first.Results.Select(r => r.Script));
        Assert.Equal(1, seeded);
        Assert.Equal(1, escaped);
        Assert.Equal(1, view);
        Assert.True(again.FastPath);
        Assert.Equal(2, rolledBack.Steps.Count);
        Assert.False(await TableExistsAsync(provider, "items_acme"));
        await using var session = await provider.OpenAsync();
        var history = await session.ReadHistoryAsync(false);
        Assert.DoesNotContain(history, r => r.Script == "V1__tenant_table.sql");
    }

    [Fact]
    public async Task An_unknown_placeholder_refuses_the_run_with_file_and_line_and_applies_nothing()
    {
        var provider = await CreateProviderAsync();
        var source = new InMemoryMigrationSource(
            ("V1__ok.sql", "CREATE TABLE ok_first (id integer);"),
            ("V2__uses.sql", "CREATE TABLE t (id integer);\nINSERT INTO t VALUES (${count});"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => new Migrator(provider, [source], WithPlaceholders("acme", "eu")).MigrateAsync());

        var problem = Assert.Single(error.Problems);
        Assert.Equal("unknown-placeholder", problem.Code);
        Assert.EndsWith("V2__uses.sql:2", problem.Location, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync(provider, "ok_first"));
        Assert.False(await TableExistsAsync(provider, "slipway_history"));
    }
}
