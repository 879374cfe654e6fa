using Slipway.Testing;

namespace Slipway.Fleet.Tests;

/// <summary>A thousand tenant schemas migrated once by one <c>slipway fleet migrate</c>, shared by the scale tests.</summary>
public sealed class ThousandTenants : IAsyncLifetime
{
    public const int Count = 1000;
    public const int Steps = 10;

    public TenantDatabase Fleet { get; private set; } = null!;

    /// <summary>The first run, which applied everything.</summary>
    public ProcessResult FirstRun { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fleet = await TenantDatabase.CreateAsync(Count, Migrations.Series(Steps), "thousand");
        FirstRun = await Fleet.RunAsync("fleet", "migrate", "--targets", "targets.txt", "--parallel", "4", "--log-format", "json");
    }

    public async Task DisposeAsync() => await Fleet.DisposeAsync();
}
