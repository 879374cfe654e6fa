using System.Text.RegularExpressions;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// What the operator docs tell people to type or set: the commands of their shell code blocks, their
/// inline code spans and their YAML blocks. Only the Kubernetes section of README.md is read.
/// </summary>
internal static partial class DocumentedCommands
{
    public static readonly string[] Files = ["docs/kubernetes.md", "docs/backup.md", "docs/monitoring.md", "docs/security.md", "docs/fleet.md", "README.md"];

    public static string Text(string file)
    {
        var text = File.ReadAllText(Repository.PathOf(file));
        if (file == "README.md")
        {
            var start = text.IndexOf("\n## Kubernetes and Helm", StringComparison.Ordinal);
            var end = text.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
            Assert.True(start >= 0, "README.md has a Kubernetes and Helm section");
            text = text[start..(end < 0 ? text.Length : end)];
        }

        return text;
    }

    /// <summary>Fenced blocks of one language, with the file and line they start on.</summary>
    public static IEnumerable<(string Where, string Body)> Blocks(string language) =>
        Files.SelectMany(file => FencedBlock().Matches(Text(file))
            .Where(m => m.Groups[1].Value == language)
            .Select(m => ($"{file} ({FirstLine(m.Groups[2].Value)})", m.Groups[2].Value)));

    /// <summary>Every command of every shell block: continuation lines joined, comments dropped, pipelines split.</summary>
    public static IEnumerable<(string Where, string[] Words)> ShellCommands() =>
        Blocks("bash").SelectMany(block => block.Body.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => Regex.Replace(line, @"(^|\s)#.*$", ""))
            .SelectMany(line => line.Split(" | "))
            .Select(command => command.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(words => words.Length > 0)
            .Select(words => (block.Where, words)));

    /// <summary>Every inline code span.</summary>
    public static IEnumerable<(string File, string Code)> InlineCode() =>
        Files.SelectMany(file => InlineSpan().Matches(FencedBlock().Replace(Text(file), "")).Select(m => (file, m.Groups[1].Value)));

    private static string FirstLine(string body) => body.Split('\n')[0].Trim();

    [GeneratedRegex(@"^ *```(\w*)\n(.*?)^ *```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineSpan();
}
