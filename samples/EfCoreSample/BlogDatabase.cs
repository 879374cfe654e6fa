using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EfCoreSample;

/// <summary>
/// One setting, <c>DATABASE_URL</c>, for EF Core and Slipway alike: <c>sqlite:blog.db</c> or an Npgsql
/// connection string (<c>Host=db;Username=app;Password=...;Database=blog</c>).
/// </summary>
public static class BlogDatabase
{
    public static void Configure(DbContextOptionsBuilder options, string databaseUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseUrl);
        if (databaseUrl.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            options.UseSqlite("Data Source=" + databaseUrl["sqlite:".Length..]);
        }
        else
        {
            options.UseNpgsql(databaseUrl);
        }

        // One set of migrations serves both providers, so the snapshot carries neither provider's
        // annotations; EF Core would otherwise call that a pending model change.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public static BlogContext Create(string databaseUrl)
    {
        var options = new DbContextOptionsBuilder<BlogContext>();
        Configure(options, databaseUrl);
        return new BlogContext(options.Options);
    }
}
