using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Tests;

public sealed class PlannerTests
{
    private static MigrationCatalog Catalog(params (string Name, string Sql)[] files) =>
        MigrationCatalog.Build(files.Select(f => new SourceFile(f.Name, f.Name, f.Sql)));

    private static AppliedMigration Applied(long id, string version, string sql, MigrationKind kind = MigrationKind.Versioned, bool success = true) => new()
    {
        Id = id,
        Version = MigrationVersion.Parse(version),
        Description = "x",
        Kind = kind,
        Script = $"V{version}__x.sql",
        Checksum = kind == MigrationKind.Baseline ? null : Checksum.Compute(sql),
        Success = success,
    };

    [Fact]
    public void A_pending_migration_older_than_the_newest_applied_is_an_error_unless_out_of_order()
    {
        var catalog = Catalog(("V1__x.sql", "a"), ("V2__x.sql", "b"), ("V3__x.sql", "c"));
        var history = new[] { Applied(1, "1", "a"), Applied(2, "3", "c") };

        var strict = Planner.Plan(catalog, history, new PlanRequest(), SqlDialect.PostgreSql);
        var lenient = Planner.Plan(catalog, history, new PlanRequest { OutOfOrder = true }, SqlDialect.PostgreSql);

        Assert.Contains(strict.Problems, p => p.Code == "out-of-order" && p.Message.Contains("allow out-of-order migrations", StringComparison.Ordinal));
        Assert.Empty(strict.Pending);
        Assert.Equal("V2__x.sql", Assert.Single(lenient.Pending).Name);
    }

    [Fact]
    public void Target_limits_the_pending_versions()
    {
        var catalog = Catalog(("V1__x.sql", "a"), ("V2__x.sql", "b"), ("V3__x.sql", "c"));
        var plan = Planner.Plan(catalog, [], new PlanRequest { Target = MigrationVersion.Parse("2") }, SqlDialect.PostgreSql);
        Assert.Equal(["V1__x.sql", "V2__x.sql"], plan.Pending.Select(p => p.Name));
        Assert.Contains(plan.Entries, e => e.Script == "V3__x.sql" && e.State == MigrationState.Deferred);
    }

    [Fact]
    public void Versions_at_or_below_a_baseline_are_neither_pending_nor_checked()
    {
        var catalog = Catalog(("V1__x.sql", "a"), ("V2__x.sql", "b"), ("V3__x.sql", "c"));
        var plan = Planner.Plan(catalog, [Applied(1, "2", "", MigrationKind.Baseline)], new PlanRequest(), SqlDialect.PostgreSql);
        Assert.Equal("V3__x.sql", Assert.Single(plan.Pending).Name);
        Assert.Empty(plan.Problems);
        Assert.Equal("2", plan.CurrentVersion!.Text);
    }

    [Fact]
    public void A_failed_row_makes_its_migration_pending_again()
    {
        var catalog = Catalog(("V1__x.sql", "a"), ("V2__x.sql", "b"));
        var plan = Planner.Plan(catalog, [Applied(1, "1", "a"), Applied(2, "2", "b", success: false)], new PlanRequest(), SqlDialect.PostgreSql);
        Assert.Equal("V2__x.sql", Assert.Single(plan.Pending).Name);
        Assert.Contains(plan.Entries, e => e.Script == "V2__x.sql" && e.State == MigrationState.Failed);
    }

    [Fact]
    public void Post_deploy_migrations_wait_for_their_phase_and_pre_deploy_stops_at_the_first_contract_step()
    {
        var catalog = Catalog(
            ("V1__add_column.sql", "a"),
            ("V2__drop_old.sql", "-- slipway: phase=post-deploy\nb"),
            ("V3__add_more.sql", "c"));

        var pre = Planner.Plan(catalog, [], new PlanRequest { Phase = MigrationPhase.PreDeploy }, SqlDialect.PostgreSql);
        var post = Planner.Plan(catalog, [Applied(1, "1", "a")], new PlanRequest { Phase = MigrationPhase.PostDeploy }, SqlDialect.PostgreSql);
        var postTooEarly = Planner.Plan(catalog, [], new PlanRequest { Phase = MigrationPhase.PostDeploy }, SqlDialect.PostgreSql);
        var all = Planner.Plan(catalog, [], new PlanRequest(), SqlDialect.PostgreSql);

        Assert.Equal(["V1__add_column.sql"], pre.Pending.Select(p => p.Name));
        Assert.Equal(["V2__drop_old.sql"], post.Pending.Select(p => p.Name));
        Assert.Empty(postTooEarly.Pending);
        Assert.Equal(3, all.Pending.Count);
    }

    [Fact]
    public void A_pending_post_deploy_step_does_not_hold_back_repeatables_in_the_pre_deploy_run()
    {
        var catalog = Catalog(
            ("V1__add_column.sql", "a"),
            ("V2__drop_old.sql", "-- slipway: phase=post-deploy\nb"),
            ("R__view.sql", "CREATE VIEW v AS SELECT 1"));

        var pre = Planner.Plan(catalog, [], new PlanRequest { Phase = MigrationPhase.PreDeploy }, SqlDialect.PostgreSql);
        var targeted = Planner.Plan(catalog, [], new PlanRequest { Target = MigrationVersion.Parse("1") }, SqlDialect.PostgreSql);

        Assert.Equal(["V1__add_column.sql", "R__view.sql"], pre.Pending.Select(p => p.Name));
        Assert.Equal(["V1__add_column.sql"], targeted.Pending.Select(p => p.Name));
    }
}
