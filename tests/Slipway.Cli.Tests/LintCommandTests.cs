using System.Text.Json;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary><c>slipway lint</c> and <c>migrate --lint</c> through the real binary.</summary>
public sealed class LintCommandTests
{
    [Fact]
    public async Task Lint_exits_10_naming_file_line_rule_and_the_safe_alternative()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);");
        dir.Write("migrations/V2__index.sql", "-- a comment first\n\nCREATE INDEX orders_id_idx ON orders (id);");

        var result = await new Cli(dir, "postgresql://app@db.example/shop").RunAsync("lint");

        Assert.True(result.ExitCode == 10, result.ToString());
        Assert.Contains("migrations/V2__index.sql:3: error SW001 index-not-concurrent", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX CONCURRENTLY", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("V1__orders.sql", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_writes_json_sarif_and_github_formats_and_exits_0_when_only_warnings_remain()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__truncate.sql", "-- slipway: lint-ignore=SW012 scratch table\nTRUNCATE scratch;");
        dir.Write("migrations/V2__timeout.sql", "SET lock_timeout = '1min';");
        var cli = new Cli(dir, null);

        var json = await cli.RunAsync("lint", "--dialect", "postgres", "--format", "json");
        var sarif = await cli.RunAsync("lint", "--dialect", "postgres", "--format", "sarif");
        var github = await cli.RunAsync("lint", "--dialect", "postgres", "--format", "github");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("suppressed").GetInt32());
        var finding = Assert.Single(document.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("SW011", finding.GetProperty("rule").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(0, sarif.ExitCode);
        using var log = JsonDocument.Parse(sarif.Stdout);
        Assert.Equal("SW011", log.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("ruleId").GetString());
        Assert.StartsWith("::warning file=migrations/V2__timeout.sql,line=1,title=SW011 timeout-in-sql::", github.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_libpg_query_lint_exits_11_with_install_instructions()
    {
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);");
        var cli = new Cli(dir, null);
        cli.Environment["SLIPWAY_PG_QUERY_LIBRARY"] = dir["no-such-libpg_query.so"];

        var lint = await cli.RunAsync("lint");
        var migrate = await cli.RunAsync("migrate");

        Assert.True(lint.ExitCode == 11, lint.ToString());
        Assert.Contains("apt-get install libpg-query-dev", lint.Stderr, StringComparison.Ordinal);
        Assert.True(migrate.ExitCode == 0, "every other command works without the library: " + migrate);
    }

    [Fact]
    public async Task Migrate_with_lint_checks_only_pending_migrations_and_applies_nothing_on_errors()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync("lint");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\nINSERT INTO orders VALUES (1);\nCREATE TABLE scratch (id int);\nTRUNCATE scratch;");
        var cli = new Cli(dir, db.Url);
        Assert.Equal(0, (await cli.RunAsync("migrate")).ExitCode);
        // V1 (applied) truncates too, but only pending migrations are linted: history cannot be changed.
        dir.Write("migrations/V2__wipe.sql", "CREATE TABLE archive (id bigint);\nTRUNCATE orders;");

        var refused = await cli.RunAsync("migrate", "--lint", "--log-format", "json");
        var archiveAfterRefusal = await db.ScalarAsync<bool>("SELECT to_regclass('archive') IS NOT NULL");
        dir.Write("migrations/V2__wipe.sql", "CREATE TABLE archive (id bigint);\nINSERT INTO archive SELECT id FROM orders;");
        var accepted = await cli.RunAsync("migrate", "--lint");

        Assert.True(refused.ExitCode == 10, refused.ToString());
        Assert.Contains("\"event\":\"lint_finding\"", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"SW012\"", refused.Stdout, StringComparison.Ordinal);
        Assert.False(archiveAfterRefusal);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM orders"));
    }
}
