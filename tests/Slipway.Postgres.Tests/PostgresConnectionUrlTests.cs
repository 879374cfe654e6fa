using Npgsql;
using Slipway.Diagnostics;

namespace Slipway.Postgres.Tests;

public sealed class PostgresConnectionUrlTests
{
    [Fact]
    public void Parses_every_part_of_a_url_including_an_url_encoded_password()
    {
        var options = PostgresConnectionUrl.Parse("postgresql://app%40corp:p%40ss%3Aw%2Frd@db.internal:6543/shop?sslmode=require&search_path=sales,public&application_name=orders");
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);

        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p@ss:w/rd", builder.Password);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("shop", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("sales,public", builder.SearchPath);
        Assert.Equal("orders", builder.ApplicationName);
        Assert.Equal("sales", options.HistoryTable.Schema);
        Assert.False(builder.Pooling);
    }

    [Fact]
    public void The_postgres_scheme_and_the_default_port_work()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionUrl.Parse("postgres://u:p@localhost/db").ConnectionString);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("slipway", builder.ApplicationName);
    }

    [Fact]
    public void A_plain_npgsql_connection_string_is_accepted()
    {
        var options = PostgresConnectionUrl.Parse("Host=db;Port=5433;Username=app;Password=secret;Database=shop");
        Assert.Equal("postgresql://app@db:5433/shop", options.DisplayName);
    }

    [Fact]
    public void The_display_name_never_contains_the_password()
    {
        var options = PostgresConnectionUrl.Parse("postgresql://app:hunter2@db:5432/shop");
        Assert.DoesNotContain("hunter2", options.DisplayName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u:hunter2@/db", "not a valid URL")]
    [InlineData("postgresql://u:hunter2@db:5432/", "missing database")]
    [InlineData("postgresql://u:hunter2@db/x?sslmode=maybe", "sslmode=maybe")]
    [InlineData("postgresql://u:hunter2@db/x?colour=blue", "unknown query parameter 'colour'")]
    public void Bad_urls_get_a_clear_error_without_the_password(string url, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => PostgresConnectionUrl.Parse(url));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
