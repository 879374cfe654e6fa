using Slipway.Sqlite;

namespace Slipway.Cli.Operations;

/// <summary>
/// Who and where, for audit events and metric labels, read from the provider's password-free display
/// name (<c>postgresql://role@host:5432/db</c> or <c>sqlite:path.db</c>).
/// </summary>
internal sealed record DatabaseIdentity(string Role, string Database, string Server)
{
    public static DatabaseIdentity From(string displayName)
    {
        if (SqliteConnectionUrl.IsSqlite(displayName))
        {
            // SQLite has no roles: the OS user is who changed the file (as in the history's applied_by).
            return new DatabaseIdentity(Environment.UserName, displayName["sqlite:".Length..], "local");
        }

        var uri = new Uri(displayName);
        return new DatabaseIdentity(Uri.UnescapeDataString(uri.UserInfo), uri.AbsolutePath.TrimStart('/'), uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
    }
}
