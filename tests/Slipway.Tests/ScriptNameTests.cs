using System.Text.RegularExpressions;
using Slipway.Discovery;

namespace Slipway.Tests;

public sealed class ScriptNameTests
{
    [Theory]
    [InlineData("V1__create_users.sql", nameof(ScriptRole.Up), "1", "create users")]
    [InlineData("V1.2.3__add_index.sql", nameof(ScriptRole.Up), "1.2.3", "add index")]
    [InlineData("V1_1__flyway_underscores.sql", nameof(ScriptRole.Up), "1.1", "flyway underscores")]
    [InlineData("U5__drop_column.sql", nameof(ScriptRole.Down), "5", "drop column")]
    [InlineData("R__views.sql", nameof(ScriptRole.Repeatable), null, "views")]
    [InlineData("20240131120000_create_users.up.sql", nameof(ScriptRole.Up), "20240131120000", "create users")]
    [InlineData("20240131120000_create_users.down.sql", nameof(ScriptRole.Down), "20240131120000", "create users")]
    [InlineData("000003_add_orders.up.sql", nameof(ScriptRole.Up), "000003", "add orders")]
    [InlineData("20151129054053_dbmate_style.sql", nameof(ScriptRole.UpAndDown), "20151129054053", "dbmate style")]
    public void Recognises_flyway_golang_migrate_and_dbmate_names(string file, string role, string? version, string description)
    {
        var name = ScriptName.TryParse(file);
        Assert.NotNull(name);
        Assert.Equal(role, name.Role.ToString());
        Assert.Equal(version, name.Version?.Text);
        Assert.Equal(description, name.Description);
    }

    [Theory]
    [InlineData("schema.sql")]
    [InlineData("V__no_version.sql")]
    [InlineData("V1_missing_double_underscore.sql")]
    [InlineData("R1__repeatable_with_version.sql")]
    [InlineData("Vx__letters.sql")]
    public void Rejects_names_that_match_no_form(string file) => Assert.Null(ScriptName.TryParse(file));

    [Fact]
    public void Flyway_names_parse_exactly_as_the_flyway_pattern_says_for_thousands_of_generated_names()
    {
        // The common V/U names are parsed without a regex; this oracle is the pattern they must agree with.
        var oracle = new Regex(@"^(?<prefix>[VUR])(?<version>[0-9._]*?)__(?<description>.+)\.sql$", RegexOptions.CultureInvariant);
        var random = new Random(20261125);
        string[] pieces = ["V", "U", "R", "v", "1", "0", "12", ".", "_", "__", "___", " ", "a", "b_c", "\t", ".sql", "sql", "-"];
        for (var i = 0; i < 20_000; i++)
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)])) + (random.Next(4) == 0 ? string.Empty : ".sql");
            var parsed = ScriptName.TryParse(name);
            var match = oracle.Match(name);
            if (match.Success && match.Groups["prefix"].Value is "V" or "U")
            {
                var version = MigrationVersion.TryParse(match.Groups["version"].Value);
                Assert.True(version is null ? parsed is null : parsed is not null, name);
                if (version is not null)
                {
                    Assert.Equal(match.Groups["prefix"].Value == "V" ? ScriptRole.Up : ScriptRole.Down, parsed!.Role);
                    Assert.Equal(version, parsed.Version);
                    Assert.Equal(match.Groups["description"].Value.Replace('_', ' ').Trim(), parsed.Description);
                }
            }
            else if (name.StartsWith('V') || name.StartsWith('U'))
            {
                Assert.True(parsed is null, name);
            }
        }
    }
}
