using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>The sample's own migration folders pass <c>slipway verify --all</c> on every database the sample runs on.</summary>
public sealed class SampleMigrationsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // V2 grants the app's role rights on the history table: the replay on the temporary target must find
    // the table there, as migrate does on the real database.
    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Every_migration_of_the_sample_is_proven_reversible_on_a_temporary_target(string dialect)
    {
        await using var database = dialect == "sqlite" ? null : await SampleDatabase.CreateAsync(dialect);
        var url = database?.Url ?? "sqlite:" + _dir["notes.db"];

        var verify = await SlipwayProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = url },
            ["verify", "--all", "--migrations", SampleApp.MigrationsOf(dialect)]);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Matches(@"Verified \d+ migration\(s\) reversible \(0 irreversible accepted\)", verify.Stdout);
        Assert.Contains("V2__", verify.Stdout, StringComparison.Ordinal);
    }
}
