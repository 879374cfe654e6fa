using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>${name}</c> placeholders through the real binary: flags, environment, errors, and values never printed.</summary>
public sealed class PlaceholderProcessTests
{
    private const string Secret = "k3y-Do-Not-Print";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Values_come_from_flags_and_the_environment_and_never_reach_the_output(string kind)
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync(kind, dir);
        dir.Write("migrations/V1__tenant_table.sql", "CREATE TABLE items_${tenant} (id integer PRIMARY KEY, api_key text);");
        dir.Write("migrations/U1__tenant_table.sql", "DROP TABLE items_${tenant};");
        dir.Write("migrations/V2__seed.sql", "INSERT INTO items_${tenant} VALUES (1, '${api_key}');");
        dir.Write("migrations/U2__seed.sql", "DELETE FROM items_${tenant};");
        var cli = new Cli(dir, db.Url);
        cli.Environment["SLIPWAY_PLACEHOLDER_API_KEY"] = Secret;
        cli.Environment["SLIPWAY_PLACEHOLDER_TENANT"] = "from_env";

        var plan = await cli.RunAsync("plan", "--placeholder", "tenant=acme", "--log-format", "json");
        var migrate = await cli.RunAsync("migrate", "--placeholder", "tenant=acme");
        var stored = await db.ColumnAsync("SELECT api_key FROM items_acme");
        // The flag wins over the variable; another value is not an edit of the applied scripts.
        var status = await cli.RunAsync("status", "--placeholder", "tenant=globex");
        var rollback = await cli.RunAsync("rollback", "--to", "0", "--placeholder", "tenant=acme");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Equal([Secret], stored);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.DoesNotContain("modified", status.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.False(await db.TableExistsAsync("items_acme"));
        Assert.False(await db.TableExistsAsync("items_from_env"));
        foreach (var result in new[] { plan, migrate, status, rollback })
        {
            Assert.DoesNotContain(Secret, result.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_placeholder_fails_validation_naming_file_and_line_and_a_bad_flag_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id integer);");
        dir.Write("migrations/V2__b.sql", "-- uses a placeholder\nCREATE TABLE b_${tenant} (id integer);");
        var cli = new Cli(dir, db.Url);

        var unknown = await cli.RunAsync("migrate");
        var badFlag = await cli.RunAsync("migrate", "--placeholder", "tenant");
        var badName = await cli.RunAsync("migrate", "--placeholder", "tenant-id=x");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("V2__b.sql:2", unknown.All, StringComparison.Ordinal);
        Assert.Contains("--placeholder tenant=VALUE", unknown.All, StringComparison.Ordinal);
        Assert.Contains("[unknown-placeholder]", unknown.All, StringComparison.Ordinal);
        Assert.Equal([], await db.TablesAsync());
        Assert.Equal(64, badFlag.ExitCode);
        Assert.Contains("name=value", badFlag.All, StringComparison.Ordinal);
        Assert.Equal(64, badName.ExitCode);
        Assert.Contains("'tenant-id' is not valid", badName.All, StringComparison.Ordinal);
    }
}
