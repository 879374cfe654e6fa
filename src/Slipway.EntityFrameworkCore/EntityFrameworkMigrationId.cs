using System.Globalization;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.EntityFrameworkCore;

/// <summary>
/// How an EF Core migration id maps to Slipway: EF names a migration <c>{14-digit timestamp}_{Name}</c>
/// and orders migrations by that id, so the timestamp is the Slipway version (a number, ordered the same
/// way) and the name is the description: <c>20250101120000_AddPosts</c> becomes
/// <c>V20250101120000__AddPosts.sql</c> and <c>U20250101120000__AddPosts.sql</c>.
/// </summary>
internal sealed record EntityFrameworkMigrationId(string Id, MigrationVersion Version, string Name)
{
    private const int TimestampLength = 14;

    /// <summary>The up script's file name.</summary>
    public string UpFileName => string.Create(CultureInfo.InvariantCulture, $"V{Version.Text}__{Name}.sql");

    /// <summary>The down script's file name.</summary>
    public string DownFileName => string.Create(CultureInfo.InvariantCulture, $"U{Version.Text}__{Name}.sql");

    /// <summary>Parses an id EF Core generated; throws <see cref="ConfigurationException"/> for any other form.</summary>
    public static EntityFrameworkMigrationId Parse(string id, string context)
    {
        ArgumentNullException.ThrowIfNull(id);
        var valid = id.Length > TimestampLength + 1
            && id.AsSpan(0, TimestampLength).IndexOfAnyExceptInRange('0', '9') < 0
            && id[TimestampLength] == '_';
        var name = valid ? id[(TimestampLength + 1)..] : string.Empty;
        if (!valid || name.AsSpan().IndexOfAny(['/', '\\', '.', ' ']) >= 0)
        {
            throw new ConfigurationException(
                $"EF Core migration '{id}' of {context} is not named '{{14-digit timestamp}}_{{Name}}' as 'dotnet ef migrations add' names it; Slipway takes its version from that timestamp. Rename the migration's [Migration] id.");
        }

        return new EntityFrameworkMigrationId(id, MigrationVersion.Parse(id[..TimestampLength]), name);
    }
}
