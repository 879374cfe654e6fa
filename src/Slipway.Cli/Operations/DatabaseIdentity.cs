namespace Slipway.Cli.Operations;

/// <summary>
/// Who and where, for audit events and metric labels, read from the provider's password-free display
/// name: a server URL (<c>postgresql://role@host:5432/db</c>) or a file (<c>sqlite:path.db</c>).
/// </summary>
internal sealed record DatabaseIdentity(string Role, string Database, string Server)
{
    public static DatabaseIdentity From(string displayName)
    {
        if (Uri.TryCreate(displayName, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            return new DatabaseIdentity(Uri.UnescapeDataString(uri.UserInfo), uri.AbsolutePath.TrimStart('/'), uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        }

        // A file database has no roles: the OS user is who changed the file (as in the history's applied_by).
        var colon = displayName.IndexOf(':', StringComparison.Ordinal);
        return new DatabaseIdentity(Environment.UserName, colon > 0 ? displayName[(colon + 1)..] : displayName, "local");
    }
}
