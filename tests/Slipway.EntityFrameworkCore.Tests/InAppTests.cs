using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Slipway.AspNetCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Slipway.EntityFrameworkCore.Tests;

public sealed class InAppTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddSlipway_applies_the_EF_migrations_on_start_with_the_checksums_of_the_exported_files(string kind)
    {
        await using var target = await EfTarget.CreateAsync(kind);
        await using (var app = new EfSampleApp(target.Url))
        {
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(new Uri("/blogs?name=first", UriKind.Relative), null)).StatusCode);
        }

        Assert.Equal(["20250101000000:versioned", "20250201000000:versioned", "20250301000000:versioned"], await target.SlipwayHistoryAsync());
        var migrations = target.Folder["migrations"];
        await using (var context = target.Context())
        {
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
            await EntityFrameworkMigrations.ExportAsync(context, migrations);
        }

        // The migration image runs the exported files against what the app migrated: same scripts, same checksums.
        var validate = await target.SlipwayAsync(migrations, "validate");
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public async Task The_app_adopts_a_database_EF_migrated_before_it_migrates_on_start()
    {
        await using var target = await EfTarget.CreateAsync("sqlite");
        await using (var context = target.Context())
        {
            await context.Database.MigrateAsync();
            context.Blogs.Add(new EfCoreSample.Blog { Name = "from EF" });
            await context.SaveChangesAsync();
        }

        await using (var app = new EfSampleApp(target.Url))
        {
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);
            Assert.Contains("from EF", await client.GetStringAsync(new Uri("/blogs", UriKind.Relative)), StringComparison.Ordinal);
        }

        Assert.Equal(["20250301000000:baseline"], await target.SlipwayHistoryAsync());
    }

    [Fact]
    public async Task Without_DATABASE_URL_the_app_migrates_the_database_its_context_is_configured_for()
    {
        await using var target = await EfTarget.CreateAsync("sqlite");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["DATABASE_URL"] = "";
        builder.Configuration["Slipway:MigrateOnStartup"] = "true";
        builder.Services.AddDbContext<EfCoreSample.BlogContext>(o => EfCoreSample.BlogDatabase.Configure(o, target.Url));
        builder.Services.AddSlipway(o => o.AddEntityFrameworkMigrations<EfCoreSample.BlogContext>());

        await using (var app = builder.Build())
        {
            await app.StartAsync();
            await app.StopAsync();
        }

        Assert.Equal(["20250101000000:versioned", "20250201000000:versioned", "20250301000000:versioned"], await target.SlipwayHistoryAsync());
    }

    private sealed class EfSampleApp(string databaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("DATABASE_URL", databaseUrl);
            builder.UseSetting("Slipway:MigrateOnStartup", "true");
        }
    }
}
