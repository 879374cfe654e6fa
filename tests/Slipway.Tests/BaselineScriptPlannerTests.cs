using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Tests;

/// <summary>Baseline scripts (<c>B{version}__{description}.sql</c>): a new database starts from one, a database with history ignores them.</summary>
public sealed class BaselineScriptPlannerTests
{
    private static readonly (string Name, string Sql)[] Files =
    [
        ("V1__a.sql", "a"), ("V2__b.sql", "b"), ("V3__c.sql", "c"), ("V4__d.sql", "d"),
        ("B2__squashed.sql", "ab"), ("B3__squashed.sql", "abc"), ("R__view.sql", "v"),
    ];

    private static MigrationCatalog Catalog(params (string Name, string Sql)[] files) =>
        MigrationCatalog.Build(files.Select(f => new SourceFile(f.Name, f.Name, f.Sql)));

    private static AppliedMigration Row(long id, string? version, string script, string sql, MigrationKind kind) => new()
    {
        Id = id,
        Version = version is null ? null : MigrationVersion.Parse(version),
        Description = "x",
        Kind = kind,
        Script = script,
        Checksum = Checksum.Compute(sql),
    };

    [Fact]
    public void A_new_database_runs_the_newest_baseline_then_the_newer_migrations_and_the_repeatables()
    {
        var plan = Planner.Plan(Catalog(Files), [], new PlanRequest(), SqlDialect.PostgreSql);

        Assert.Empty(plan.Problems);
        Assert.Equal(["B3__squashed.sql", "V4__d.sql", "R__view.sql"], plan.Pending.Select(p => p.Name));
        Assert.Equal(MigrationKind.Baseline, plan.Pending[0].Kind);
        Assert.Equal(
            ["V1__a.sql below-baseline", "V2__b.sql below-baseline", "B3__squashed.sql Pending", "V3__c.sql below-baseline", "V4__d.sql Pending", "R__view.sql Pending"],
            plan.Entries.Select(e => e.Script + " " + (e.State == MigrationState.BelowBaseline ? "below-baseline" : e.State.ToString())));
        Assert.Null(plan.CurrentVersion);
    }

    [Fact]
    public void A_target_picks_the_newest_baseline_at_or_below_it_and_none_below_every_baseline()
    {
        var toTwo = Planner.Plan(Catalog(Files), [], new PlanRequest { Target = MigrationVersion.Parse("2") }, SqlDialect.PostgreSql);
        var toOne = Planner.Plan(Catalog(Files), [], new PlanRequest { Target = MigrationVersion.Parse("1") }, SqlDialect.PostgreSql);

        Assert.Equal(["B2__squashed.sql"], toTwo.Pending.Select(p => p.Name));
        Assert.Equal(["V1__a.sql"], toOne.Pending.Select(p => p.Name));
    }

    [Fact]
    public void A_database_with_history_ignores_baseline_scripts()
    {
        var history = new[] { Row(1, "1", "V1__a.sql", "a", MigrationKind.Versioned), Row(2, "2", "V2__b.sql", "b", MigrationKind.Versioned) };

        var plan = Planner.Plan(Catalog(Files), history, new PlanRequest(), SqlDialect.PostgreSql);

        Assert.Empty(plan.Problems);
        Assert.Equal(["V3__c.sql", "V4__d.sql", "R__view.sql"], plan.Pending.Select(p => p.Name));
        Assert.DoesNotContain(plan.Entries, e => e.Kind == MigrationKind.Baseline);
    }

    [Fact]
    public void A_database_built_from_a_baseline_counts_the_versions_it_covers_as_applied()
    {
        var history = new[] { Row(1, "3", "B3__squashed.sql", "abc", MigrationKind.Baseline) };

        var plan = Planner.Plan(Catalog(Files), history, new PlanRequest(), SqlDialect.PostgreSql);

        Assert.Empty(plan.Problems);
        Assert.Equal(["V4__d.sql", "R__view.sql"], plan.Pending.Select(p => p.Name));
        Assert.Equal("3", plan.CurrentVersion!.Text);
    }

    [Fact]
    public void A_baseline_edited_after_it_built_the_database_is_a_checksum_error()
    {
        var history = new[] { Row(1, "3", "B3__squashed.sql", "abc", MigrationKind.Baseline) };
        var edited = Files.Select(f => f.Name == "B3__squashed.sql" ? (f.Name, "abc -- edited") : f).ToArray();

        var plan = Planner.Plan(Catalog(edited), history, new PlanRequest(), SqlDialect.PostgreSql);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("checksum-mismatch", problem.Code);
        Assert.Equal("B3__squashed.sql", problem.Location);
    }

    [Fact]
    public void A_baseline_that_cannot_run_in_one_transaction_is_refused()
    {
        var plan = Planner.Plan(Catalog(("V1__a.sql", "a"), ("B1__squashed.sql", "CREATE INDEX CONCURRENTLY i ON t (c);")), [], new PlanRequest(), SqlDialect.PostgreSql);

        Assert.Contains(plan.Problems, p => p.Code == "baseline-not-transactional" && p.Location == "B1__squashed.sql");
    }

    [Fact]
    public void Two_baselines_of_one_version_are_a_duplicate()
    {
        var catalog = Catalog(("V1__a.sql", "a"), ("B1__one.sql", "a"), ("B1__two.sql", "a"));

        Assert.Contains(catalog.Problems, p => p.Code == "duplicate-version" && p.Message.Contains("baseline version 1", StringComparison.Ordinal));
    }
}
