using Slipway.Sql;

namespace Slipway.Lint.Tests;

/// <summary>Every rule is proven both ways by the corpus: it fires on the unsafe migrations and stays quiet on the safe ones.</summary>
public sealed class LintCorpusTests
{
    public static TheoryData<string> PostgresFixtures => [.. Fixtures.Files("postgres").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> SqliteFixtures => [.. Fixtures.Files("sqlite").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> MySqlFixtures => [.. Fixtures.Files("mysql").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(PostgresFixtures))]
    public void Each_postgres_fixture_produces_exactly_the_findings_it_expects(string name) =>
        AssertFixture(Path.Combine(Fixtures.Folder, "postgres", name), SqlDialect.PostgreSql);

    [Theory]
    [MemberData(nameof(SqliteFixtures))]
    public void Each_sqlite_fixture_produces_exactly_the_findings_it_expects(string name) =>
        AssertFixture(Path.Combine(Fixtures.Folder, "sqlite", name), SqlDialect.Sqlite);

    [Theory]
    [MemberData(nameof(MySqlFixtures))]
    public void Each_mysql_fixture_produces_exactly_the_findings_it_expects(string name) =>
        AssertFixture(Path.Combine(Fixtures.Folder, "mysql", name), SqlDialect.MySql);

    [Fact]
    public void Every_rule_has_an_unsafe_and_a_safe_fixture()
    {
        var names = Fixtures.Files("postgres").Concat(Fixtures.Files("sqlite")).Concat(Fixtures.Files("mysql")).Select(Path.GetFileName).ToList();
        foreach (var rule in LintRules.All)
        {
            Assert.Contains(names, n => n!.StartsWith(rule.Id + "_unsafe_", StringComparison.Ordinal));
            Assert.Contains(names, n => n!.StartsWith(rule.Id + "_safe_", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_rule_has_a_unique_id_and_name_and_says_why_and_what_to_do_instead()
    {
        Assert.Equal(LintRules.All.Count, LintRules.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(LintRules.All.Count, LintRules.All.Select(r => r.Name).Distinct().Count());
        Assert.All(LintRules.All, r =>
        {
            Assert.Matches("^SW[0-9]{3}$", r.Id);
            Assert.True(r.Why.Length > 40, r.Id);
            Assert.True(r.Instead.Length > 30, r.Id);
        });
    }

    private static void AssertFixture(string path, SqlDialect dialect)
    {
        var report = new Linter().Lint([Fixtures.Script(path)], dialect);

        // Every finding, with its line: a rule that fires twice, or points at the wrong statement, fails.
        var actual = report.Findings.Select(f => $"{f.Rule.Id}@{f.Line}").Order(StringComparer.Ordinal).ToList();
        Assert.True(Fixtures.Expected(path).SequenceEqual(actual), $"{Path.GetFileName(path)}: expected {string.Join(", ", Fixtures.Expected(path))}; found {string.Join(", ", actual)}\n{string.Join("\n", report.Findings)}");
    }
}
