using Slipway.Diagnostics;

namespace Slipway.Sqlite.Tests;

public sealed class SqliteConnectionUrlTests
{
    [Theory]
    [InlineData("sqlite:app.db", "app.db")]
    [InlineData("sqlite:data/app.db", "data/app.db")]
    [InlineData("sqlite:///var/lib/app.db", "/var/lib/app.db")]
    [InlineData("sqlite::memory:", ":memory:")]
    public void Parses_relative_absolute_and_memory_urls(string url, string path) =>
        Assert.Equal(path, SqliteConnectionUrl.Parse(url).Path);

    [Fact]
    public void An_empty_path_is_a_configuration_error_naming_the_expected_form()
    {
        var error = Assert.Throws<ConfigurationException>(() => SqliteConnectionUrl.Parse("sqlite:"));
        Assert.Contains("sqlite:path/to/file.db", error.Message, StringComparison.Ordinal);
    }
}
