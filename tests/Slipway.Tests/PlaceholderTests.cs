using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.Tests;

public sealed class PlaceholderTests
{
    private static readonly PlaceholderValues Values = PlaceholderValues.From(new Dictionary<string, string>
    {
        ["tenant"] = "acme",
        ["env"] = "prod",
        ["secret_token"] = "hunter2",
    });

    private static (string Sql, List<ValidationProblem> Problems) Apply(string sql, PlaceholderMode mode = PlaceholderMode.On)
    {
        var problems = new List<ValidationProblem>();
        return (PlaceholderSubstitution.Apply(sql, "migrations/V1__x.sql", mode, Values, problems), problems);
    }

    [Fact]
    public void Placeholders_are_replaced_in_sql_text_string_literals_and_quoted_identifiers()
    {
        var (sql, problems) = Apply("CREATE SCHEMA \"t_${tenant}\";\nINSERT INTO settings VALUES ('${env}', tenant_${tenant});");

        Assert.Empty(problems);
        Assert.Equal("CREATE SCHEMA \"t_acme\";\nINSERT INTO settings VALUES ('prod', tenant_acme);", sql);
    }

    [Fact]
    public void Names_ignore_case()
    {
        Assert.Equal("SELECT 'acme'", Apply("SELECT '${TENANT}'").Sql);
        Assert.Equal("SELECT 'hunter2'", Apply("SELECT '${Secret_Token}'").Sql);
    }

    [Fact]
    public void Comments_are_not_scanned()
    {
        const string Text = "-- uses ${nobody} and ${tenant}\n/* also ${nobody} /* nested ${x} */ still a comment ${y} */\nSELECT 1;";

        var (sql, problems) = Apply(Text);

        Assert.Empty(problems);
        Assert.Equal(Text, sql);
    }

    [Fact]
    public void A_comment_marker_inside_a_string_does_not_start_a_comment()
    {
        var (sql, problems) = Apply("SELECT 'a -- b /* ${tenant}', \"x -- ${env}\";");

        Assert.Empty(problems);
        Assert.Equal("SELECT 'a -- b /* acme', \"x -- prod\";", sql);
    }

    [Fact]
    public void A_doubled_quote_and_a_backslash_escaped_quote_do_not_end_the_string()
    {
        var (sql, problems) = Apply("SELECT 'it''s -- ${tenant}', E'it\\'s -- ${env}', 'C:\\' -- ${nobody}\n;");

        Assert.Empty(problems);
        Assert.Equal("SELECT 'it''s -- acme', E'it\\'s -- prod', 'C:\\' -- ${nobody}\n;", sql);
    }

    [Fact]
    public void Dollar_quoted_bodies_are_left_alone_unless_the_directive_asks()
    {
        const string Text = "CREATE FUNCTION f() RETURNS text AS $fn$ SELECT '${tenant}' || '${unknown}' $fn$ LANGUAGE sql;\nDO $do$ BEGIN PERFORM '${x}'; END $do$;\nSELECT '${tenant}';";

        var (plain, plainProblems) = Apply(Text);
        var (all, allProblems) = Apply(Text.Replace("${unknown}", "${env}", StringComparison.Ordinal).Replace("${x}", "$${x}", StringComparison.Ordinal), PlaceholderMode.All);

        Assert.Empty(plainProblems);
        Assert.Equal(Text.Replace("SELECT '${tenant}';", "SELECT 'acme';", StringComparison.Ordinal), plain);
        Assert.Empty(allProblems);
        Assert.Equal("CREATE FUNCTION f() RETURNS text AS $fn$ SELECT 'acme' || 'prod' $fn$ LANGUAGE sql;\nDO $do$ BEGIN PERFORM '${x}'; END $do$;\nSELECT 'acme';", all);
    }

    [Fact]
    public void A_dollar_inside_a_word_does_not_open_a_dollar_quote()
    {
        var (sql, problems) = Apply("SELECT a$b$ , '${tenant}' $b$;");

        Assert.Empty(problems);
        Assert.Equal("SELECT a$b$ , 'acme' $b$;", sql);
    }

    [Fact]
    public void Double_dollar_brace_writes_a_literal_placeholder_in_text_and_strings()
    {
        var (sql, problems) = Apply("SELECT '$${tenant}', $${nobody};");

        Assert.Empty(problems);
        Assert.Equal("SELECT '${tenant}', ${nobody};", sql);
    }

    [Fact]
    public void A_value_is_not_scanned_again()
    {
        var problems = new List<ValidationProblem>();
        var values = PlaceholderValues.From(new Dictionary<string, string> { ["a"] = "${b}" });

        Assert.Equal("SELECT '${b}'", PlaceholderSubstitution.Apply("SELECT '${a}'", "f.sql", PlaceholderMode.On, values, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error_naming_file_line_and_what_to_do_and_never_a_value()
    {
        const string Text = "-- a comment\n/* two\nlines */\nSELECT 'multi\nline', $$\nbody\n$$;\nCREATE TABLE t_${tenant} (id int);\nINSERT INTO t VALUES ('${region}', '${secret_token}');";

        var (_, problems) = Apply(Text);

        var problem = Assert.Single(problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal("unknown-placeholder", problem.Code);
        Assert.Equal("migrations/V1__x.sql:9", problem.Location);
        Assert.Contains("--placeholder region=VALUE", problem.Message, StringComparison.Ordinal);
        Assert.Contains("SLIPWAY_PLACEHOLDER_REGION", problem.Message, StringComparison.Ordinal);
        Assert.Contains("$${region}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("-- slipway: placeholders=off", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("acme", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT ${tenant-id};", "${tenant-id}")]
    [InlineData("SELECT ${};", "${}")]
    [InlineData("SELECT ${1st};", "${1st}")]
    [InlineData("SELECT '${tenant';", "${tenant'")]
    public void A_malformed_placeholder_is_an_error(string text, string shown)
    {
        var (sql, problems) = Apply(text);

        var problem = Assert.Single(problems);
        Assert.Equal("malformed-placeholder", problem.Code);
        Assert.Equal("migrations/V1__x.sql:1", problem.Location);
        Assert.Contains($"'{shown}'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(text, sql);
    }

    [Fact]
    public void The_off_directive_leaves_the_script_exactly_as_written()
    {
        const string Text = "-- slipway: placeholders=off\nSELECT '${tenant}', '$${x}', ${whatever};";

        var catalog = MigrationCatalog.Build([new SourceFile("V1__off.sql", "migrations/V1__off.sql", Text)], Values);

        Assert.Empty(catalog.Problems);
        Assert.Equal(Text, catalog.Versioned[0].Sql);
        Assert.Equal(PlaceholderMode.Off, catalog.Versioned[0].Directives.Placeholders);
        Assert.Equal("placeholders=off", catalog.Versioned[0].Directives.ToString());
    }

    [Fact]
    public void A_malformed_placeholders_directive_is_an_unknown_directive_error()
    {
        var catalog = MigrationCatalog.Build([new SourceFile("V1__x.sql", "migrations/V1__x.sql", "-- slipway: placeholders=maybe\nSELECT 1;")]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal("unknown-directive", problem.Code);
        Assert.Contains("placeholders=on|off|all", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksums_are_over_the_text_as_written_so_a_new_value_is_not_an_edit()
    {
        SourceFile[] files =
        [
            new("V1__t.sql", "migrations/V1__t.sql", "CREATE TABLE t_${tenant} (id int);"),
            new("U1__t.sql", "migrations/U1__t.sql", "DROP TABLE t_${tenant};"),
            new("R__v.sql", "migrations/R__v.sql", "CREATE VIEW v AS SELECT '${env}' AS env;"),
        ];

        var acme = MigrationCatalog.Build(files, Values);
        var other = MigrationCatalog.Build(files, PlaceholderValues.From(new Dictionary<string, string> { ["tenant"] = "globex", ["env"] = "dev" }));

        Assert.Empty(acme.Problems);
        Assert.Equal("CREATE TABLE t_acme (id int);", acme.Versioned[0].Sql);
        Assert.Equal("DROP TABLE t_acme;", acme.Versioned[0].DownSql);
        Assert.Equal("CREATE VIEW v AS SELECT 'prod' AS env;", acme.Repeatable[0].Sql);
        Assert.Equal("CREATE TABLE t_globex (id int);", other.Versioned[0].Sql);
        Assert.Equal(Checksum.Compute("CREATE TABLE t_${tenant} (id int);"), acme.Versioned[0].Checksum);
        Assert.Equal(acme.Versioned[0].Checksum, other.Versioned[0].Checksum);
        Assert.Equal(acme.Repeatable[0].Checksum, other.Repeatable[0].Checksum);
        Assert.Equal(acme.Versioned[0].Checksum, Checksum.Of(acme.Versioned[0], Checksum.CurrentAlgorithm));
    }

    [Fact]
    public void Down_scripts_and_dbmate_sections_are_checked_with_their_own_file_and_line()
    {
        SourceFile[] files =
        [
            new("V1__t.sql", "migrations/V1__t.sql", "CREATE TABLE t (id int);"),
            new("U1__t.sql", "migrations/U1__t.sql", "\nDROP TABLE t_${nobody};"),
            new("U2__u.sql", "migrations/U2__u.sql", "-- slipway: placeholders=off\nDROP TABLE ${kept};"),
            new("V2__u.sql", "migrations/V2__u.sql", "CREATE TABLE u (id int);"),
        ];

        var catalog = MigrationCatalog.Build(files, Values);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal("unknown-placeholder", problem.Code);
        Assert.Equal("migrations/U1__t.sql:2", problem.Location);
        Assert.Equal("-- slipway: placeholders=off\nDROP TABLE ${kept};", catalog.Versioned[1].DownSql);
    }

    [Fact]
    public void A_script_without_placeholders_is_returned_as_the_same_string()
    {
        const string Text = "SELECT '$' || 1;";

        Assert.Same(Text, Apply(Text).Sql);
    }

    [Theory]
    [InlineData("tenant-id", "is not valid")]
    [InlineData("1st", "is not valid")]
    [InlineData("", "is not valid")]
    public void Malformed_names_are_refused_when_the_values_are_given(string name, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => PlaceholderValues.From(new Dictionary<string, string> { [name] = "v" }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_names_that_differ_only_in_case_are_refused_without_showing_a_value()
    {
        var error = Assert.Throws<ConfigurationException>(() => PlaceholderValues.From(new Dictionary<string, string>(StringComparer.Ordinal) { ["Tenant"] = "s3cret", ["tenant"] = "other" }));

        Assert.Contains("given twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
