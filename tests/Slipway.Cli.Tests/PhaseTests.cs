using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>Expand/contract: <c>migrate --phase</c> ordering rules and what <c>status</c> shows.</summary>
public sealed class PhaseTests
{
    [Fact]
    public async Task Phases_apply_expand_steps_first_and_contract_steps_only_after_every_earlier_expand_step()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id integer PRIMARY KEY, body text);");
        dir.Write("migrations/V2__add_content.sql", "ALTER TABLE notes ADD COLUMN content text;\nUPDATE notes SET content = body;");
        dir.Write("migrations/V3__drop_body.sql", "-- slipway: phase=post-deploy\nALTER TABLE notes DROP COLUMN body;");
        dir.Write("migrations/V4__add_tags.sql", "ALTER TABLE notes ADD COLUMN tags text;");
        var cli = new Cli(dir, db.Url);

        var contractFirst = await cli.RunAsync("migrate", "--phase", "post-deploy");
        var versionsAfterContractFirst = await db.ColumnAsync("SELECT count(*) FROM sqlite_master WHERE name = 'slipway_history'");
        var expand = await cli.RunAsync("migrate", "--phase", "pre-deploy");
        var status = await cli.RunAsync("status");
        var contract = await cli.RunAsync("migrate", "--phase", "post-deploy");
        var afterContract = await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY id");
        var rest = await cli.RunAsync("migrate", "--phase", "pre-deploy");

        // Post-deploy first: V1 (pre-deploy) is not applied yet, so the contract step must wait.
        Assert.True(contractFirst.ExitCode == 0, contractFirst.ToString());
        Assert.Equal(["0"], versionsAfterContractFirst);
        // Pre-deploy stops at the first contract step: V4 may depend on V3.
        Assert.Contains("Applied 2 migration(s); now at version 2", expand.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"3\s+\|\s+drop body\s+\|\s+post-deploy\s+\|\s+pending", status.Stdout);
        Assert.Contains("Waiting for the post-deploy step (`slipway migrate --phase post-deploy`, after the new app version is out): V3__drop_body.sql", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pre-deploy step (`slipway migrate --phase pre-deploy`, before the new app version rolls out): V4__add_tags.sql", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3"], afterContract);
        Assert.Contains("Applied 1 migration(s); now at version 4", rest.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_migrate_applies_every_phase_in_version_order()
    {
        using var dir = new TempDirectory();
        await using var db = await Backend.CreateAsync("sqlite", dir);
        dir.Write("migrations/V1__a.sql", "CREATE TABLE a (id integer, old text);");
        dir.Write("migrations/V2__drop_old.sql", "-- slipway: phase=post-deploy\nALTER TABLE a DROP COLUMN old;");
        dir.Write("migrations/V3__b.sql", "CREATE TABLE b (id integer);");

        var result = await new Cli(dir, db.Url).RunAsync("migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1:pre-deploy", "2:post-deploy", "3:pre-deploy"], await db.ColumnAsync("SELECT version || ':' || phase FROM slipway_history ORDER BY id"));
    }
}
