using Microsoft.EntityFrameworkCore;

namespace EfCoreSample;

/// <summary>The blog's data. Its migrations are in Migrations/ and run on PostgreSQL and SQLite alike.</summary>
public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
{
    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Post> Posts => Set<Post>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>(b =>
        {
            b.Property(x => x.Name).HasColumnType("text");
            b.Property(x => x.Url).HasColumnType("text");
        });
        modelBuilder.Entity<Post>(p =>
        {
            p.Property(x => x.Title).HasColumnType("text");
            p.HasOne(x => x.Blog).WithMany(x => x.Posts).HasForeignKey(x => x.BlogId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class Blog
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Url { get; set; }

    public List<Post> Posts { get; } = [];
}

public sealed class Post
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public required string Title { get; set; }

    public Blog? Blog { get; set; }
}
