using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Slipway.Testing;
using TempDirectory = Slipway.Testing.TempDirectory;

namespace Slipway.Aspire.Hosting.Tests;

/// <summary>The app model run by Aspire's own orchestrator (DCP), as an AppHost runs it.</summary>
public sealed class OrchestratedTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Under_the_orchestrator_the_app_starts_after_the_migration_completed()
    {
        var dcp = typeof(OrchestratedTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DcpPath").Value!;
        _dir.Write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--DcpPublisher:CliPath={dcp}", $"--DcpPublisher:DashboardPath={_dir.Path}"],
            DisableDashboard = true,
        });
        var migrate = builder.AddSlipwayMigrations("migrate", _dir["migrations"], SlipwayCommand())
            .WithDatabaseUrl("sqlite:" + _dir["app.db"]);
        // The "app" proves it started after the migration: it fails unless the history row exists.
        var web = builder.AddExecutable("web", "/bin/sh", _dir.Path, "-c", $"test -s '{_dir["app.db"]}'")
            .WaitForCompletion(migrate);

        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.StartAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var migrated = await notifications.WaitForResourceAsync("migrate", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        var served = await notifications.WaitForResourceAsync("web", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        await app.StopAsync(timeout.Token);

        Assert.Equal(KnownResourceStates.Finished, migrated.Snapshot.State?.Text);
        Assert.Equal(0, migrated.Snapshot.ExitCode);
        Assert.Equal(0, served.Snapshot.ExitCode);
        Assert.True(File.Exists(_dir["app.db"]));
    }

    // The orchestrator starts one executable: the NativeAOT binary, or a script that runs the framework build.
    private string SlipwayCommand()
    {
        var (file, prefix) = SlipwayProcess.Command;
        if (prefix.Length == 0)
        {
            return file;
        }

        var script = _dir.Write("slipway.sh", $"#!/bin/sh\nexec {file} {string.Join(' ', prefix.Select(p => $"'{p}'"))} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    public void Dispose() => _dir.Dispose();
}
