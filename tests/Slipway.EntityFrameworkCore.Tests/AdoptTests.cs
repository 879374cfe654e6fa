using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.EntityFrameworkCore.Tests;

public sealed class AdoptTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_database_EF_migrated_is_baselined_at_its_newest_migration_and_nothing_is_applied_twice(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        var migrations = target.Folder["migrations"];
        await using (var context = target.Context())
        {
            await context.GetService<IMigrator>().MigrateAsync("20250201000000_AddPosts");
            await context.Database.ExecuteSqlRawAsync("INSERT INTO \"Blogs\" (\"Name\") VALUES ('kept')");
            await EntityFrameworkMigrations.ExportAsync(context, migrations);

            var report = await EntityFrameworkMigrations.AdoptAsync(context, target.Provider(), [new FolderMigrationSource(migrations)]);

            Assert.NotNull(report);
            Assert.Equal(MigrationVersion.Parse("20250201000000"), report.Version);
            Assert.Equal(["V20250101000000__CreateBlogs.sql", "V20250201000000__AddPosts.sql"], report.Covered);
            Assert.Null(await EntityFrameworkMigrations.AdoptAsync(context, target.Provider(), [new FolderMigrationSource(migrations)]));
        }

        var migrate = await target.SlipwayAsync(migrations, "migrate");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("AddBlogUrl", migrate.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateBlogs", migrate.Stdout, StringComparison.Ordinal);
        Assert.Equal(["20250201000000:baseline", "20250301000000:versioned"], await target.SlipwayHistoryAsync());
        Assert.Equal(["kept"], await target.ColumnAsync("SELECT \"Name\" FROM \"Blogs\""));
        await using (var context = target.Context())
        {
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        }
    }

    [Fact]
    public async Task A_database_without_EF_history_is_not_adopted()
    {
        await using var target = await EfTarget.CreateAsync("sqlite");
        await using var context = target.Context();

        Assert.Null(await EntityFrameworkMigrations.AdoptAsync(context, target.Provider(), []));
        Assert.False(File.Exists(target.Folder["blog.db"]) && (await target.ColumnAsync("SELECT name FROM sqlite_master WHERE name = 'slipway_history'")).Count > 0);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_EF_history_with_a_gap_is_refused_naming_the_missing_migration_and_nothing_is_written(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        await using var context = target.Context();
        await context.Database.MigrateAsync();
        await context.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20250201000000_AddPosts'");

        var error = await Assert.ThrowsAsync<ValidationException>(() => EntityFrameworkMigrations.AdoptAsync(context, target.Provider(), []));

        Assert.Contains("'20250201000000_AddPosts'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await target.ColumnAsync(kind == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE name = 'slipway_history'"
            : "SELECT table_name FROM information_schema.tables WHERE table_name = 'slipway_history'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task With_the_CLI_only_one_baseline_command_adopts_a_database_EF_migrated(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        var migrations = target.Folder["migrations"];
        await using (var context = target.Context())
        {
            await context.Database.MigrateAsync();
            await EntityFrameworkMigrations.ExportAsync(context, migrations);
        }

        var newest = (await target.ColumnAsync("SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\""))[0][..14];
        var baseline = await target.SlipwayAsync(migrations, "baseline", "--version", newest);
        var migrate = await target.SlipwayAsync(migrations, "migrate");

        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Equal(["20250301000000:baseline"], await target.SlipwayHistoryAsync());
    }
}
