using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Tests;

public sealed class ChecksumAndDirectiveTests
{
    [Fact]
    public void Checksums_ignore_crlf_and_a_bom_but_see_every_other_change()
    {
        var lf = Checksum.Compute("CREATE TABLE a (id int);\nSELECT 1;\n");
        Assert.Equal(lf, Checksum.Compute("CREATE TABLE a (id int);\r\nSELECT 1;\r\n"));
        Assert.Equal(lf, Checksum.Compute("\uFEFFCREATE TABLE a (id int);\nSELECT 1;\n"));
        Assert.Equal(lf, Checksum.Compute("CREATE TABLE a (id int);\rSELECT 1;\r"));
        Assert.Equal(lf, Checksum.Compute("\uFEFFCREATE TABLE a (id int);\r\nSELECT 1;\r"));
        // The value every applied history row was written with: it must never change.
        Assert.Equal("b285292f", lf[..8]); // printf "CREATE TABLE a (id int);\nSELECT 1;\n" | sha256sum
        Assert.NotEqual(lf, Checksum.Compute("CREATE TABLE a (id int);\nSELECT 2;\n"));
        Assert.NotEqual(lf, Checksum.Compute("CREATE TABLE a (id int); \nSELECT 1;\n"));
        Assert.Equal(64, lf.Length);
    }

    [Fact]
    public void An_unknown_checksum_algorithm_is_refused_with_an_upgrade_hint()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Checksum.Compute("x", 2));
        Assert.Contains("Upgrade Slipway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directives_are_read_from_the_leading_comments()
    {
        var problems = new List<ValidationProblem>();
        var directives = DirectiveParser.Parse(
            "-- Adds an index without blocking writes.\n-- slipway: no-transaction, lock-timeout=2s\n-- slipway: phase=post-deploy statement-timeout=5min\n-- slipway: lint-ignore=PG001 table is tiny\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- slipway: irreversible\n",
            "V1__x.sql", problems);

        Assert.Empty(problems);
        Assert.True(directives.NoTransaction);
        Assert.Equal(TimeSpan.FromSeconds(2), directives.LockTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), directives.StatementTimeout);
        Assert.Equal(MigrationPhase.PostDeploy, directives.Phase);
        Assert.Equal(new LintIgnore("PG001", "table is tiny"), Assert.Single(directives.LintIgnores));
        Assert.False(directives.Irreversible); // after the first SQL line: not a directive
    }

    [Theory]
    [InlineData("-- slipway: no-transactoin\nSELECT 1;", 1, "no-transactoin")]
    [InlineData("\n\n-- slipway: phase=later\nSELECT 1;", 3, "phase=later")]
    [InlineData("-- slipway: lock-timeout=soon\nSELECT 1;", 1, "lock-timeout=soon")]
    public void An_unknown_or_malformed_directive_is_an_error_naming_file_and_line(string sql, int line, string token)
    {
        var problems = new List<ValidationProblem>();
        DirectiveParser.Parse(sql, "migrations/V2__x.sql", problems);

        var problem = Assert.Single(problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal($"migrations/V2__x.sql:{line}", problem.Location);
        Assert.Contains(token, problem.Message, StringComparison.Ordinal);
        Assert.Contains("no-transaction", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("3", 3000)]
    [InlineData("5min", 300000)]
    [InlineData("1h", 3600000)]
    [InlineData("1.5s", 1500)]
    public void Durations_parse(string text, long ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationText.TryParse(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("")]
    public void Non_durations_do_not_parse(string text) => Assert.Null(DurationText.TryParse(text));
}
