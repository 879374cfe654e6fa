using Aspire.Hosting.ApplicationModel;
using Slipway.Aspire.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Slipway migrations to an Aspire app model.</summary>
public static class SlipwayResourceBuilderExtensions
{
    /// <summary>
    /// Adds a resource that runs <c>slipway migrate --migrations <paramref name="migrationsPath"/></c> once.
    /// Point it at a database with <see cref="WithDatabase"/> (or <see cref="WithDatabaseUrl"/>), then make
    /// the app wait: <c>builder.AddProject&lt;Projects.Web&gt;("web").WaitForCompletion(migrate)</c>.
    /// </summary>
    /// <param name="builder">The app model.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="migrationsPath">The migrations folder, relative to the AppHost's directory or absolute.</param>
    /// <param name="command">The <c>slipway</c> executable; default <c>slipway</c> from PATH (<c>dotnet tool install -g Slipway.Cli</c>).</param>
    public static IResourceBuilder<SlipwayMigrationResource> AddSlipwayMigrations(
        this IDistributedApplicationBuilder builder, string name, string migrationsPath, string command = "slipway")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(migrationsPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var folder = Path.GetFullPath(migrationsPath, builder.AppHostDirectory);
        var resource = new SlipwayMigrationResource(name, command, builder.AppHostDirectory);
        return builder.AddResource(resource)
            .WithArgs("migrate", "--migrations", folder, "--log-format", "json")
            // Aspire starts it when the database resource is up, which is not yet accepting connections.
            .WithEnvironment("SLIPWAY_WAIT", "60s");
    }

    /// <summary>
    /// Migrates <paramref name="database"/>: its connection string becomes <c>DATABASE_URL</c> (Slipway takes
    /// Npgsql connection strings as they are), and the migration waits for the database to be running.
    /// </summary>
    public static IResourceBuilder<SlipwayMigrationResource> WithDatabase(
        this IResourceBuilder<SlipwayMigrationResource> builder, IResourceBuilder<IResourceWithConnectionString> database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        return builder
            .WithEnvironment(context => context.EnvironmentVariables["DATABASE_URL"] = database.Resource.ConnectionStringExpression)
            .WaitFor(database);
    }

    /// <summary>Migrates the database at <paramref name="databaseUrl"/>, e.g. <c>sqlite:app.db</c>, a database outside the app model.</summary>
    public static IResourceBuilder<SlipwayMigrationResource> WithDatabaseUrl(
        this IResourceBuilder<SlipwayMigrationResource> builder, string databaseUrl)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseUrl);
        return builder.WithEnvironment("DATABASE_URL", databaseUrl);
    }
}
