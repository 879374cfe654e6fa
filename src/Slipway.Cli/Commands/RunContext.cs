using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Configuration;
using Slipway.Cli.Output;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Cli.Commands;

/// <summary>What a command needs: settings, output, a logger that writes to it, and the engine.</summary>
internal sealed class RunContext : IDisposable
{
    private readonly ILoggerFactory _loggers;

    private RunContext(CliSettings settings, CliOutput output)
    {
        Settings = settings;
        Output = output;
        _loggers = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new CliLoggerProvider(output, LogLevel.Information)));
        Provider = ProviderFactory.Create(settings);
        Sources = [.. settings.MigrationFolders.Select(f => new FolderMigrationSource(f))];
        Migrator = new Migrator(Provider, Sources, new MigratorOptions
        {
            LockWait = settings.LockWait,
            ConnectWait = settings.ConnectWait,
            Defaults = settings.Timeouts,
            Identity = settings.Identity,
            LockRetries = new LockRetryPolicy(settings.LockRetries),
        }, _loggers.CreateLogger<Migrator>());
    }

    public CliSettings Settings { get; }

    public CliOutput Output { get; }

    public IMigrationProvider Provider { get; }

    public IReadOnlyList<IMigrationSource> Sources { get; }

    public Migrator Migrator { get; }

    public static RunContext Create(ParseResult result, CommonOptions common, CliOutput output) =>
        new(common.Resolve(result), output);

    public void Dispose() => _loggers.Dispose();
}
