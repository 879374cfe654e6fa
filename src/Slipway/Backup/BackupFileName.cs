using System.Globalization;

namespace Slipway.Backup;

/// <summary>Backup file names: <c>{database}-{yyyyMMddTHHmmssZ}{extension}</c>, sortable, never overwriting another.</summary>
internal static class BackupFileName
{
    /// <summary>A new path in <paramref name="directory"/> that does not exist yet.</summary>
    public static string Next(string directory, string database, string extension, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        var safe = new string([.. database.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"{safe}-{stamp}{extension}");
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{safe}-{stamp}-{n}{extension}"));
        }

        return path;
    }
}
