namespace Slipway.Discovery;

/// <summary>Splits a dbmate file into its <c>-- migrate:up</c> and <c>-- migrate:down</c> sections.</summary>
internal static class DbmateSections
{
    public static (string? Up, string? Down) Split(string content)
    {
        var lines = Checksum.Normalize(content).Split('\n');
        int? up = null, down = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("-- migrate:up", StringComparison.Ordinal))
            {
                up ??= i;
            }
            else if (line.StartsWith("-- migrate:down", StringComparison.Ordinal))
            {
                down ??= i;
            }
        }

        if (up is not { } upLine)
        {
            return (null, null);
        }

        // The directive line itself stays in the up section: dbmate options such as transaction:false sit there.
        var upEnd = down is { } d && d > upLine ? d : lines.Length;
        var upText = string.Join('\n', lines[upLine..upEnd]);
        var downText = down is { } downLine ? string.Join('\n', lines[(downLine + 1)..(downLine > upLine ? lines.Length : upLine)]) : null;
        if (upText.Contains("transaction:false", StringComparison.Ordinal))
        {
            upText = "-- slipway: no-transaction\n" + upText;
        }

        return (upText, downText);
    }
}
