using Slipway.Diagnostics;

namespace Slipway.Providers;

/// <summary>
/// The parts of a <c>DATABASE_URL</c> every server provider reads the same way: host, port, database,
/// user and password (percent-decoded) and the query parameters (keys lower-cased, <c>+</c> read as a
/// space). Each provider maps the query to its own connection settings. Errors never quote the URL,
/// which carries the password.
/// </summary>
internal sealed class DatabaseUrl
{
    private DatabaseUrl(string host, int? port, string database, string? user, string? password, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        Host = host;
        Port = port;
        Database = database;
        User = user;
        Password = password;
        Query = query;
    }

    /// <summary>The host name or address.</summary>
    public string Host { get; }

    /// <summary>The port, or null when the URL names none (the provider's default applies).</summary>
    public int? Port { get; }

    /// <summary>The database name after the host.</summary>
    public string Database { get; }

    /// <summary>The user of the user-info part, if any.</summary>
    public string? User { get; }

    /// <summary>The password of the user-info part, if any.</summary>
    public string? Password { get; }

    /// <summary>The query parameters in order, keys lower-cased.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    /// <summary>Splits <paramref name="value"/>; <paramref name="expected"/> ends each error (e.g. <c>expected mysql://user:pass@host:3306/db</c>).</summary>
    public static DatabaseUrl Parse(string value, string expected)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new ConfigurationException($"DATABASE_URL is not a valid URL; {expected}");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigurationException($"DATABASE_URL is not a valid URL: missing host; {expected}");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new ConfigurationException($"DATABASE_URL is not a valid URL: missing database name after the host; {expected}");
        }

        string? user = null;
        string? password = null;
        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var val = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            query.Add(new(key, val));
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (int?)null : uri.Port;
        return new DatabaseUrl(uri.Host, port, database, user, password, query);
    }
}
