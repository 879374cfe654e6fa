using Slipway.Diagnostics;

namespace Slipway.EntityFrameworkCore.Tests;

public sealed class ExportTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Export_writes_one_up_and_one_down_file_per_EF_migration_and_the_same_bytes_every_time(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        await using var context = target.Context();

        var written = await EntityFrameworkMigrations.ExportAsync(context, target.Folder["first"]);
        await EntityFrameworkMigrations.ExportAsync(context, target.Folder["second"]);

        Assert.Equal(
            [
                "V20250101000000__CreateBlogs.sql", "U20250101000000__CreateBlogs.sql",
                "V20250201000000__AddPosts.sql", "U20250201000000__AddPosts.sql",
                "V20250301000000__AddBlogUrl.sql", "U20250301000000__AddBlogUrl.sql",
            ],
            written);
        foreach (var name in written)
        {
            Assert.Equal(await File.ReadAllBytesAsync(target.Folder["first/" + name]), await File.ReadAllBytesAsync(target.Folder["second/" + name]));
        }

        var up = await File.ReadAllTextAsync(target.Folder["first/V20250301000000__AddBlogUrl.sql"]);
        Assert.Contains("ALTER TABLE \"Blogs\" ADD \"Url\" text", up, StringComparison.Ordinal);
        Assert.Contains("VALUES ('20250301000000_AddBlogUrl', '10.0.15');", up, StringComparison.Ordinal);
        Assert.DoesNotContain("TRANSACTION", up, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\r', up);
        var down = await File.ReadAllTextAsync(target.Folder["first/U20250301000000__AddBlogUrl.sql"]);
        Assert.Contains("DELETE FROM \"__EFMigrationsHistory\"", down, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SQLite_table_rebuild_EF_runs_outside_a_transaction_is_marked_no_transaction()
    {
        await using var target = await EfTarget.CreateAsync("sqlite");
        await using var context = target.Context();
        await EntityFrameworkMigrations.ExportAsync(context, target.Folder.Path);

        Assert.StartsWith("-- slipway: no-transaction\n", await File.ReadAllTextAsync(target.Folder["U20250301000000__AddBlogUrl.sql"]), StringComparison.Ordinal);
        Assert.DoesNotContain("no-transaction", await File.ReadAllTextAsync(target.Folder["V20250301000000__AddBlogUrl.sql"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20250101120000_AddPosts", "20250101120000", "V20250101120000__AddPosts.sql")]
    [InlineData("00000000000001_Initial", "1", "V00000000000001__Initial.sql")]
    public void An_EF_migration_id_maps_to_its_timestamp_as_version_and_its_name_as_description(string id, string version, string file)
    {
        var parsed = EntityFrameworkMigrationId.Parse(id, "AppDbContext");

        Assert.Equal(Discovery.MigrationVersion.Parse(version), parsed.Version);
        Assert.Equal(file, parsed.UpFileName);
        Assert.Equal("U" + file[1..], parsed.DownFileName);
    }

    [Theory]
    [InlineData("Initial")]
    [InlineData("2025_Initial")]
    [InlineData("20250101120000Initial")]
    [InlineData("20250101120000_")]
    public void An_id_not_in_EF_form_is_refused_with_the_form_to_use(string id)
    {
        var error = Assert.Throws<ConfigurationException>(() => EntityFrameworkMigrationId.Parse(id, "AppDbContext"));

        Assert.Contains($"'{id}' of AppDbContext", error.Message, StringComparison.Ordinal);
        Assert.Contains("{14-digit timestamp}_{Name}", error.Message, StringComparison.Ordinal);
    }
}
