using Slipway.Discovery;

namespace Slipway.Tests;

public sealed class MigrationVersionTests
{
    [Theory]
    [InlineData("1.10", "1.9")]
    [InlineData("2", "1.999")]
    [InlineData("10", "9")]
    [InlineData("20240131120000", "20231231235959")]
    [InlineData("1.0.1", "1")]
    [InlineData("1.1", "1")]
    [InlineData("10", "9.99")]
    [InlineData("010", "9")]
    [InlineData("99999999999999999999999", "99999999999999999999998")]
    public void Versions_compare_numerically_part_by_part(string newer, string older)
    {
        Assert.True(MigrationVersion.Parse(newer) > MigrationVersion.Parse(older));
        Assert.True(MigrationVersion.Parse(older) < MigrationVersion.Parse(newer));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("001", "1")]
    [InlineData("1_2", "1.2")]
    [InlineData("1.0.0", "001")]
    [InlineData("20240131120000", "20240131120000.0")]
    public void Equal_versions_are_equal_and_hash_alike(string a, string b)
    {
        Assert.Equal(MigrationVersion.Parse(a), MigrationVersion.Parse(b));
        Assert.Equal(MigrationVersion.Parse(a).GetHashCode(), MigrationVersion.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1..2")]
    [InlineData("v1")]
    [InlineData("1.a")]
    public void Non_versions_do_not_parse(string text) => Assert.Null(MigrationVersion.TryParse(text));
}
