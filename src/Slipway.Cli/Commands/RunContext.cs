using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Configuration;
using Slipway.Cli.Operations;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Providers;

namespace Slipway.Cli.Commands;

/// <summary>What a command needs: settings, output, a logger that writes to it, and the engine.</summary>
internal sealed class RunContext : IDisposable
{
    private readonly LoggerFactory _loggers;

    private RunContext(CliSettings settings, CliOutput output)
    {
        Settings = settings;
        Output = output;
        // Constructed directly: LoggerFactory.Create builds a dependency-injection container whose generic
        // types NativeAOT instantiates at run time, a cost every no-op run would pay.
        _loggers = new LoggerFactory([new CliLoggerProvider(output, LogLevel.Information)], new LoggerFilterOptions { MinLevel = LogLevel.Information });
        Factory = Databases.Find(settings);
        SocketEngine.ForProvider(Factory);
        Provider = Factory.Create(Databases.For(settings, _loggers));
        Sources = [.. settings.BundleSources, .. settings.MigrationFolders.Select(f => new ReadOnceSource(new FolderMigrationSource(f)))];
        Options = new MigratorOptions
        {
            LockWait = settings.LockWait,
            ConnectWait = settings.ConnectWait,
            Defaults = settings.Timeouts,
            Identity = settings.Identity,
            Observers = Observers,
            LockRetries = new LockRetryPolicy(settings.LockRetries),
            Placeholders = settings.Placeholders,
        };
        Migrator = new Migrator(Provider, Sources, Options, _loggers.CreateLogger<Migrator>());
        Audit = new AuditObserver(output, DatabaseIdentity.From(Provider.DisplayName), settings.Identity, () => Backup?.BackupFile);
        Observers.Add(Audit);
    }

    public CliSettings Settings { get; }

    public CliOutput Output { get; }

    /// <summary>The provider kind the URL names: creates backups and translates its driver's errors.</summary>
    public IProviderFactory Factory { get; }

    public IMigrationProvider Provider { get; }

    public IReadOnlyList<IMigrationSource> Sources { get; }

    public Migrator Migrator { get; }

    public MigratorOptions Options { get; }

    /// <summary>The run's placeholder values, checked (a malformed name fails here).</summary>
    public PlaceholderValues Placeholders => PlaceholderValues.From(Options.Placeholders);

    public ILogger<T> Logger<T>() => _loggers.CreateLogger<T>();

    /// <summary>Hooks of the engine's runs (audit always; backup when asked); commands may add more before running.</summary>
    public List<IMigrationObserver> Observers { get; } = [];

    public AuditObserver Audit { get; }

    public BackupObserver? Backup { get; set; }

    public static RunContext Create(ParseResult result, CommonOptions common, CliOutput output) =>
        new(common.Resolve(result), output);

    public void Dispose() => _loggers.Dispose();
}
