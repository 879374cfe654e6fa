using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// Bad situations, each run through the real binary: the exit code is a documented one, the message
/// names the cause and what to do, no stack trace or exception type reaches the user, no password is
/// printed, and the database is exactly as it was before the command.
/// </summary>
public sealed partial class BadInputTests
{
    public static TheoryData<string> Situations => [.. BadSituations.All.Keys];

    [Theory]
    [MemberData(nameof(Situations))]
    public Task A_bad_situation_exits_with_a_documented_code_a_clear_message_and_no_change(string name) => RunAsync(name);

    [Fact]
    public void The_table_covers_at_least_thirty_situations_on_both_databases()
    {
        Assert.True(BadSituations.All.Count >= 30, $"{BadSituations.All.Count} situations");
        Assert.True(BadSituations.All.Count(c => c.Value.Backend == "postgres") >= 12);
        Assert.True(BadSituations.All.Count(c => c.Value.Backend == "sqlite") >= 12);
        foreach (var command in new[] { "migrate", "rollback", "verify", "plan", "baseline", "repair", "backup", "lint" })
        {
            Assert.Contains(BadSituations.All.Values, c => c.Args[0] == command);
        }
    }

    private static async Task RunAsync(string name)
    {
        var situation = BadSituations.All[name];
        using var dir = new TempDirectory();
        await using var arranged = await Arranged.CreateAsync(situation.Backend, dir);
        await situation.Arrange(arranged);
        var before = await arranged.SnapshotAsync();

        ProcessResult result;
        await using (await arranged.Hold())
        {
            result = await SlipwayProcess.RunAsync(dir.Path, arranged.Environment, situation.Args);
        }

        var after = await arranged.SnapshotAsync();
        Assert.True(result.ExitCode == situation.ExitCode, $"{name}: expected exit {situation.ExitCode}\n{result}");
        Assert.Contains(situation.ExitCode, ExitCodeContractTests.DocumentedCodes());
        foreach (var expected in situation.Says)
        {
            Assert.True(result.All.Contains(expected, StringComparison.Ordinal), $"{name}: the output does not say '{expected}'\n{result}");
        }

        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.All, StringComparison.Ordinal);
        Assert.False(ExceptionName().IsMatch(result.All), $"{name}: an exception type reached the user\n{result}");
        foreach (var secret in arranged.Secrets)
        {
            Assert.DoesNotContain(secret, result.All, StringComparison.Ordinal);
        }

        Assert.Equal(before, after);
    }

    [GeneratedRegex(@"\b\w*Exception\b")]
    private static partial Regex ExceptionName();
}
