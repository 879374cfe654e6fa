using System.Diagnostics;

namespace Slipway.EntityFrameworkCore.Tests;

public sealed class SampleExportCommandTests
{
    [Fact]
    public async Task The_sample_app_exports_its_EF_migrations_with_its_export_argument()
    {
        await using var target = await EfTarget.CreateAsync("sqlite");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = target.Folder.Path };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "EfCoreSample.dll"), "export", "migrations" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DATABASE_URL"] = target.Url;
        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, stdout + stderr);
        Assert.Equal(6, Directory.GetFiles(target.Folder["migrations"], "*.sql").Length);
        Assert.Contains(Path.Combine("migrations", "V20250101000000__CreateBlogs.sql"), stdout, StringComparison.Ordinal);
    }
}
