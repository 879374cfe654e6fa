using EfCoreSample;
using Microsoft.EntityFrameworkCore;
using Slipway.AspNetCore;
using Slipway.EntityFrameworkCore;

// `EfCoreSample export <folder>` writes the EF Core migrations as Slipway files for the migration image.
if (args is ["export", var folder, ..])
{
    var url = Environment.GetEnvironmentVariable("DATABASE_URL") ?? "sqlite:blog.db";
    await using var context = BlogDatabase.Create(url);
    foreach (var file in await EntityFrameworkMigrations.ExportAsync(context, folder))
    {
        Console.WriteLine(Path.Combine(folder, file));
    }

    return 0;
}

var builder = WebApplication.CreateBuilder(args);
var databaseUrl = builder.Configuration["DATABASE_URL"] ?? "sqlite:blog.db";
builder.Services.AddDbContext<BlogContext>(o => BlogDatabase.Configure(o, databaseUrl));
// Slipway migrates the database the context is configured for.
builder.Services.AddSlipway(o => o.AddEntityFrameworkMigrations<BlogContext>());

var app = builder.Build();
app.MapHealthChecks("/healthz/ready");
app.MapSlipwayStatus();
app.MapGet("/blogs", async (BlogContext db) => await db.Blogs.Select(b => new { b.Id, b.Name, b.Url }).ToListAsync());
app.MapPost("/blogs", async (BlogContext db, string name) =>
{
    db.Blogs.Add(new Blog { Name = name });
    await db.SaveChangesAsync();
    return Results.Created();
});
await app.RunAsync();
return 0;

/// <summary>The entry point, for WebApplicationFactory.</summary>
public partial class Program;
