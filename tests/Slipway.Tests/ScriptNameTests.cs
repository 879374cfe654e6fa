using Slipway.Discovery;

namespace Slipway.Tests;

public sealed class ScriptNameTests
{
    [Theory]
    [InlineData("V1__create_users.sql", ScriptRole.Up, "1", "create users")]
    [InlineData("V1.2.3__add_index.sql", ScriptRole.Up, "1.2.3", "add index")]
    [InlineData("V1_1__flyway_underscores.sql", ScriptRole.Up, "1.1", "flyway underscores")]
    [InlineData("U5__drop_column.sql", ScriptRole.Down, "5", "drop column")]
    [InlineData("R__views.sql", ScriptRole.Repeatable, null, "views")]
    [InlineData("20240131120000_create_users.up.sql", ScriptRole.Up, "20240131120000", "create users")]
    [InlineData("20240131120000_create_users.down.sql", ScriptRole.Down, "20240131120000", "create users")]
    [InlineData("000003_add_orders.up.sql", ScriptRole.Up, "000003", "add orders")]
    [InlineData("20151129054053_dbmate_style.sql", ScriptRole.UpAndDown, "20151129054053", "dbmate style")]
    public void Recognises_flyway_golang_migrate_and_dbmate_names(string file, ScriptRole role, string? version, string description)
    {
        var name = ScriptName.TryParse(file);
        Assert.NotNull(name);
        Assert.Equal(role, name.Role);
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
}
