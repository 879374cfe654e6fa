using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Slipway.Code;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.AspNetCore;

/// <summary>
/// How the app reaches its database and where its migrations are. <c>AddSlipway</c> first reads
/// configuration (<c>DATABASE_URL</c>, <c>Slipway:*</c>), then runs your configure action, so code can
/// override or fill gaps (<c>o.DatabaseUrl ??= "sqlite:app.db"</c>).
/// </summary>
public sealed class SlipwayOptions
{
    /// <summary>
    /// <c>postgresql://user:pass@host:5432/db</c>, an Npgsql connection string, or <c>sqlite:path.db</c>.
    /// Read from <c>DATABASE_URL</c> or <c>Slipway:DatabaseUrl</c>. Contains the password: never logged.
    /// </summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>Where migrations come from, merged by version. The newest versioned one is the version the app needs.</summary>
    public IList<IMigrationSource> Sources { get; } = [];

    /// <summary>
    /// Apply pending migrations while the host starts, under the same lock as the CLI (safe with many
    /// replicas). Null (the default): only in the Development environment. Read from <c>Slipway:MigrateOnStartup</c>.
    /// </summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary>How long a startup migration waits for another runner's lock. Default 5 minutes.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a startup migration waits for the database to accept connections. Default 30 seconds.</summary>
    public TimeSpan ConnectWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The history table's schema (PostgreSQL only); null: the first entry of the URL's <c>search_path</c>, else <c>public</c>.</summary>
    public string? HistorySchema { get; set; }

    /// <summary>The history table's name. Default <c>slipway_history</c>.</summary>
    public string HistoryTable { get; set; } = History.HistoryTable.DefaultName;

    /// <summary>Recorded in history for migrations this app applies, e.g. the image tag. Read from <c>Slipway:AppVersion</c>.</summary>
    public string? AppVersion { get; set; }

    /// <summary>
    /// Values of the <c>${name}</c> placeholders in the scripts, e.g. <c>o.Placeholders["tenant"] = "acme"</c>;
    /// names ignore case. Read from the <c>Slipway:Placeholders</c> section (<c>Slipway:Placeholders:tenant</c>,
    /// or the environment variable <c>Slipway__Placeholders__tenant</c>). Values are never logged.
    /// </summary>
    public IDictionary<string, string> Placeholders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Chooses PostgreSQL explicitly instead of by the form of <see cref="DatabaseUrl"/>:
    /// <paramref name="connectionString"/> is a <c>postgresql://user:pass@host:5432/db</c> URL or an Npgsql
    /// connection string (<c>Host=db;Username=app;Password=...;Database=shop</c>). Replaces <c>DATABASE_URL</c>.
    /// </summary>
    public SlipwayOptions UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DatabaseUrl = connectionString;
        ProviderName = "postgres";
        return this;
    }

    /// <summary>
    /// Chooses MySQL or MariaDB explicitly: <paramref name="connectionString"/> is a
    /// <c>mysql://user:pass@host:3306/db</c> (or <c>mariadb://</c>) URL or a MySqlConnector connection string
    /// (<c>Server=db;User ID=app;Password=...;Database=shop</c>). Replaces <c>DATABASE_URL</c>.
    /// </summary>
    public SlipwayOptions UseMySql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DatabaseUrl = connectionString;
        ProviderName = "mysql";
        return this;
    }

    /// <summary>
    /// Chooses SQLite explicitly: <paramref name="path"/> is the database file (created when missing),
    /// e.g. <c>app.db</c> or <c>/data/app.db</c>. Replaces <c>DATABASE_URL</c>.
    /// </summary>
    public SlipwayOptions UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatabaseUrl = path.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? path : "sqlite:" + path;
        ProviderName = "sqlite";
        return this;
    }

    /// <summary>
    /// Steps of integrations that need the app's services (EF Core's: a DbContext from the container),
    /// run once the options are built and before they are validated: they add sources and may fill
    /// settings the app left unset.
    /// </summary>
    internal List<Action<IServiceProvider, SlipwayOptions>> Resolvers { get; } = [];

    /// <summary>
    /// Steps an integration runs before a startup migration, in order (EF Core: adopt a database EF Core
    /// migrated). Each takes the app's services, the provider, the sources and the engine's options.
    /// </summary>
    internal List<Func<IServiceProvider, IMigrationProvider, IReadOnlyList<IMigrationSource>, MigratorOptions, CancellationToken, Task>> BeforeStartupMigration { get; } = [];

    /// <summary>The provider chosen by <see cref="UsePostgres"/>, <see cref="UseMySql"/> or <see cref="UseSqlite"/>; null: by the URL's form.</summary>
    internal string? ProviderName { get; private set; }

    /// <summary>
    /// The migrations of each tenant's schema, for <see cref="Tenants.ITenantMigrator"/>: the same files a
    /// fleet run applies to <c>schema:TENANT</c> targets. Empty by default.
    /// </summary>
    public IList<IMigrationSource> TenantSources { get; } = [];

    /// <summary>Adds the <c>.sql</c> files of a folder (not its subfolders) to <see cref="TenantSources"/>.</summary>
    public SlipwayOptions AddTenantMigrationsFolder(string path)
    {
        TenantSources.Add(new FolderMigrationSource(path));
        return this;
    }

    /// <summary>Adds the <c>.sql</c> files of a folder (not its subfolders).</summary>
    public SlipwayOptions AddMigrationsFolder(string path)
    {
        Sources.Add(new FolderMigrationSource(path));
        return this;
    }

    /// <summary>
    /// Adds the C# migration <typeparamref name="T"/> (an <see cref="ICodeMigration"/> class with a
    /// <see cref="MigrationAttribute"/>), ordered by its version among the SQL migrations. Safe under
    /// trimming and NativeAOT.
    /// </summary>
    public SlipwayOptions AddCodeMigration<T>()
        where T : class, ICodeMigration, new()
    {
        CodeMigrations().Add<T>();
        return this;
    }

    /// <summary>
    /// Adds every C# migration class of <paramref name="assembly"/> (found by reflection: in a trimmed or
    /// NativeAOT app call <see cref="AddCodeMigration{T}"/> for each instead).
    /// </summary>
    [RequiresUnreferencedCode("Finds migration classes by reflection; trimming may remove them. Call AddCodeMigration<T>() for each instead.")]
    public SlipwayOptions AddCodeMigrations(Assembly assembly)
    {
        CodeMigrations().AddFromAssembly(assembly);
        return this;
    }

    private CodeMigrationSource CodeMigrations()
    {
        if (Sources.OfType<CodeMigrationSource>().FirstOrDefault() is { } existing)
        {
            return existing;
        }

        var source = new CodeMigrationSource();
        Sources.Add(source);
        return source;
    }

    /// <summary>
    /// Adds scripts embedded in <paramref name="assembly"/> whose resource names start with
    /// <paramref name="prefix"/>; embed them with
    /// <c>&lt;EmbeddedResource Include="migrations/*.sql" LogicalName="migrations/%(Filename)%(Extension)" /&gt;</c>.
    /// </summary>
    public SlipwayOptions AddEmbeddedMigrations(Assembly assembly, string prefix = "migrations/")
    {
        Sources.Add(new EmbeddedMigrationSource(assembly, prefix));
        return this;
    }
}
