using Slipway.Backup;
using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway.Providers;

/// <summary>
/// How a database provider plugs into configuration by URL. Hosts (the command line, the ASP.NET Core
/// integration) never look at a URL themselves: they ask a <see cref="ProviderRegistry"/>, which asks
/// each factory whether it <see cref="Accepts"/> the URL.
/// </summary>
public interface IProviderFactory
{
    /// <summary>The provider's short name, e.g. <c>postgres</c> or <c>sqlite</c>; also a dialect name lint accepts.</summary>
    string Name { get; }

    /// <summary>The URL forms this provider accepts, for messages, e.g. <c>postgresql://user:pass@host:5432/db</c>.</summary>
    string UrlForms { get; }

    /// <summary>The SQL dialect of the provider's migrations.</summary>
    SqlDialect Dialect { get; }

    /// <summary>True when <paramref name="url"/> is of this provider's form. Must not throw and must not connect.</summary>
    bool Accepts(string url);

    /// <summary>The provider for <paramref name="settings"/>; throws <see cref="ConfigurationException"/> naming a setting it cannot honour.</summary>
    IMigrationProvider Create(ProviderSettings settings);

    /// <summary>How to back up the database of <paramref name="settings"/>.</summary>
    IBackupProvider CreateBackup(ProviderSettings settings);

    /// <summary>
    /// A driver exception of this provider as the kind of failure it means (unreachable, access denied,
    /// configuration...), with a message that names the cause and what to do and never contains a
    /// password; null for an exception this provider's driver did not raise.
    /// </summary>
    SlipwayException? Translate(Exception exception);
}
