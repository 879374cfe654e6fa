using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>The exit codes a user can see are the ones docs/cli.md lists, and the CLI maps failures only to those.</summary>
public sealed partial class ExitCodeContractTests
{
    [Fact]
    public void Docs_list_exactly_the_exit_codes_the_cli_defines()
    {
        var documented = DocumentedCodes();
        var defined = ConstantPattern().Matches(File.ReadAllText(Repository.PathOf("src/Slipway.Cli/Output/ExitCodes.cs")))
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(defined.Values.Order(), documented.Order());
        Assert.Equal(defined.Count, defined.Values.Distinct().Count());
    }

    [Fact]
    public void Every_failure_kind_maps_to_a_defined_exit_code()
    {
        var defined = ConstantPattern().Matches(File.ReadAllText(Repository.PathOf("src/Slipway.Cli/Output/ExitCodes.cs"))).Select(m => m.Groups[1].Value).ToHashSet();
        var map = File.ReadAllText(Repository.PathOf("src/Slipway.Cli/Output/ExitCodeMap.cs"));
        var used = UsePattern().Matches(map).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, defined));
        // Every exception kind of the engine has its own line in the map (or deliberately falls to 1).
        foreach (var kind in Directory.GetFiles(Repository.PathOf("src/Slipway/Diagnostics"), "*Exception.cs").Select(Path.GetFileNameWithoutExtension))
        {
            if (kind is "SlipwayException" or "MigrationFailedException" or "TableLockTimeoutException")
            {
                continue;
            }

            Assert.Contains(kind!, map, StringComparison.Ordinal);
        }
    }

    internal static List<int> DocumentedCodes()
    {
        var lines = File.ReadAllLines(Repository.PathOf("docs/cli.md"));
        var start = Array.IndexOf(lines, "## Exit codes");
        Assert.True(start >= 0, "docs/cli.md has no '## Exit codes' section");
        return lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => RowPattern().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [GeneratedRegex(@"public const int (\w+) = (\d+);")]
    private static partial Regex ConstantPattern();

    [GeneratedRegex(@"ExitCodes\.(\w+)")]
    private static partial Regex UsePattern();

    [GeneratedRegex(@"^\| (\d+) \|")]
    private static partial Regex RowPattern();
}
