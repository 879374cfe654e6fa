using System.Globalization;
using System.Text;

namespace Slipway.Execution;

/// <summary>A unified diff (<c>diff -u</c> format) of two line lists, with three lines of context.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>; empty when they are equal.</summary>
    public static string Format(IReadOnlyList<string> before, IReadOnlyList<string> after, string beforeName, string afterName)
    {
        var edits = Edits(before, after);
        if (edits.TrueForAll(e => e.Kind == ' '))
        {
            return string.Empty;
        }

        var text = new StringBuilder($"--- {beforeName}\n+++ {afterName}\n");
        var changed = Enumerable.Range(0, edits.Count).Where(k => edits[k].Kind != ' ').ToList();
        for (var c = 0; c < changed.Count;)
        {
            // A hunk: changes less than 2 * Context unchanged lines apart, with Context lines around them.
            var last = c;
            while (last + 1 < changed.Count && changed[last + 1] - changed[last] - 1 <= 2 * Context)
            {
                last++;
            }

            var start = Math.Max(0, changed[c] - Context);
            var end = Math.Min(edits.Count, changed[last] + Context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            var oldStart = oldCount == 0 ? edits[start].Old : edits[start].Old + 1;
            var newStart = newCount == 0 ? edits[start].New : edits[start].New + 1;
            text.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            c = last + 1;
        }

        return text.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int Old, int New);

    // The common prefix and suffix are kept as context; the middle is aligned by a longest common
    // subsequence, which stays small for the few-object changes a schema check reports.
    private static List<Edit> Edits(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && string.Equals(a[a.Count - 1 - suffix], b[b.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        var edits = new List<Edit>(a.Count + b.Count);
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k, k));
        }

        if ((long)n * m > 4_000_000)
        {
            // Too large to align line by line: show the middle as replaced.
            for (var k = 0; k < n; k++)
            {
                edits.Add(new Edit('-', a[prefix + k], prefix + k, prefix + m));
            }

            for (var k = 0; k < m; k++)
            {
                edits.Add(new Edit('+', b[prefix + k], prefix + n, prefix + k));
            }
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[x, y] = string.Equals(a[prefix + x], b[prefix + y], StringComparison.Ordinal) ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
                }
            }

            int p = 0, q = 0;
            while (p < n || q < m)
            {
                if (p < n && q < m && string.Equals(a[prefix + p], b[prefix + q], StringComparison.Ordinal))
                {
                    edits.Add(new Edit(' ', a[prefix + p], prefix + p++, prefix + q++));
                }
                else if (p < n && (q == m || lcs[p + 1, q] >= lcs[p, q + 1]))
                {
                    // Removals before additions, as diff -u writes them.
                    edits.Add(new Edit('-', a[prefix + p], prefix + p++, prefix + q));
                }
                else
                {
                    edits.Add(new Edit('+', b[prefix + q], prefix + p, prefix + q++));
                }
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new Edit(' ', a[a.Count - suffix + k], a.Count - suffix + k, b.Count - suffix + k));
        }

        return edits;
    }
}
