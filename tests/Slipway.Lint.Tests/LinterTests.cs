using Slipway.Lint.Reporting;
using Slipway.Sql;
using Slipway.Testing;

namespace Slipway.Lint.Tests;

public sealed class LinterTests
{
    [Fact]
    public void A_finding_names_the_line_of_its_statement_after_comments_and_blank_lines()
    {
        var report = new Linter().Lint(Fixtures.Scripts("CREATE TABLE a (id int);\n\n-- the index\n/* block\n comment */\nCREATE INDEX b_idx ON b (x);"), SqlDialect.PostgreSql);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("SW001", finding.Rule.Id);
        Assert.Equal(6, finding.Line);
        Assert.Equal("migrations/V1__step.sql", finding.File);
    }

    [Fact]
    public void A_check_validated_in_an_earlier_migration_makes_set_not_null_safe()
    {
        var scripts = Fixtures.Scripts(
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;",
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_nn;",
            "ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders ALTER COLUMN other SET NOT NULL;");

        var report = new Linter().Lint(scripts, SqlDialect.PostgreSql);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("SW005", finding.Rule.Id);
        Assert.Contains("orders.other", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unvalidated_check_does_not_make_set_not_null_safe()
    {
        var scripts = Fixtures.Scripts(
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;",
            "ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;");

        Assert.Equal(["SW005"], new Linter().Lint(scripts, SqlDialect.PostgreSql).Findings.Select(f => f.Rule.Id));
    }

    [Fact]
    public void Report_only_limits_findings_to_the_named_scripts_but_reads_all()
    {
        var scripts = Fixtures.Scripts("TRUNCATE a;", "TRUNCATE b;");

        var report = new Linter().Lint(scripts, SqlDialect.PostgreSql, new HashSet<string> { "V2__step.sql" });

        Assert.Equal(["migrations/V2__step.sql"], report.Findings.Select(f => f.File));
        Assert.Equal(1, report.ScriptCount);
    }

    [Fact]
    public void Project_settings_disable_rules_change_severity_and_thresholds()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("slipway.lint.json", """
            // Project lint settings
            { "disable": ["truncate", "SW013"], "severity": { "SW001": "warning" }, "maxLockTimeout": "3min" }
            """);
        var settings = LintSettings.Load(path);
        var scripts = Fixtures.Scripts("-- slipway: lock-timeout=2min\nTRUNCATE a;\nCREATE INDEX i ON b (x);");

        var report = new Linter(settings).Lint(scripts, SqlDialect.PostgreSql);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("SW001", finding.Rule.Id);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal(2, report.Suppressed);
        Assert.Equal(0, report.ErrorCount);
    }

    [Theory]
    [InlineData("""{ "disable": ["SW999"] }""", "unknown rule 'SW999'")]
    [InlineData("""{ "maxLockTimeout": "soon" }""", "maxLockTimeout must be a duration")]
    [InlineData("""{ "colour": "blue" }""", "unknown or invalid setting 'colour'")]
    [InlineData("""{ "disable": [""", "not valid JSON")]
    public void Bad_project_settings_name_the_file_and_the_setting(string json, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("slipway.lint.json", json);

        var error = Assert.Throws<Slipway.Diagnostics.ConfigurationException>(() => LintSettings.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_and_github_outputs_carry_rule_file_and_line()
    {
        var report = new Linter().Lint(Fixtures.Scripts("SELECT 1;\nTRUNCATE a;"), SqlDialect.PostgreSql);

        using var sarif = System.Text.Json.JsonDocument.Parse(LintReportWriter.Sarif(report, "1.0.0"));
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Equal(LintRules.All.Count, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("SW012", result.GetProperty("ruleId").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("migrations/V1__step.sql", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(2, location.GetProperty("region").GetProperty("startLine").GetInt32());

        var annotation = Assert.Single(LintReportWriter.GitHub(report));
        Assert.StartsWith("::error file=migrations/V1__step.sql,line=2,title=SW012 truncate::", annotation, StringComparison.Ordinal);
    }
}
