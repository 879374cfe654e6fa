using Microsoft.EntityFrameworkCore;

namespace Slipway.EntityFrameworkCore.Tests;

public sealed class MigrateFromFilesTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_slipway_binary_migrates_the_exported_files_keeps_EF_history_in_sync_and_rolls_back_one_step(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        var migrations = target.Folder["migrations"];
        await using (var context = target.Context())
        {
            await EntityFrameworkMigrations.ExportAsync(context, migrations);
        }

        var migrate = await target.SlipwayAsync(migrations, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Equal(["Id", "Name", "Url"], await target.ColumnsOfAsync("Blogs"));
        Assert.Equal(["20250101000000:versioned", "20250201000000:versioned", "20250301000000:versioned"], await target.SlipwayHistoryAsync());
        await using (var context = target.Context())
        {
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        }

        var rollback = await target.SlipwayAsync(migrations, "rollback", "--to", "20250201000000");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(["Id", "Name"], await target.ColumnsOfAsync("Blogs"));
        await using (var context = target.Context())
        {
            Assert.Equal(["20250301000000_AddBlogUrl"], await context.Database.GetPendingMigrationsAsync());
        }

        var again = await target.SlipwayAsync(migrations, "migrate");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(["Id", "Name", "Url"], await target.ColumnsOfAsync("Blogs"));
    }
}
