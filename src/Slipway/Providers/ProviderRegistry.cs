using Slipway.Diagnostics;

namespace Slipway.Providers;

/// <summary>
/// The one way from a database URL to a provider: the first factory that accepts the URL. An unknown
/// form is a <see cref="ConfigurationException"/> naming the setting and every accepted form.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly IReadOnlyList<IProviderFactory> _factories;

    /// <summary>Creates a registry of <paramref name="factories"/>, asked in order.</summary>
    public ProviderRegistry(IEnumerable<IProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _factories = [.. factories];
    }

    /// <summary>Every registered factory, in the order they are asked.</summary>
    public IReadOnlyList<IProviderFactory> Factories => _factories;

    /// <summary>
    /// The factory for <paramref name="url"/>. <paramref name="setting"/> names where the URL came from
    /// (e.g. <c>DATABASE_URL</c>) for the message when no factory accepts it; the message never
    /// contains the URL itself, which may hold a password.
    /// </summary>
    public IProviderFactory Find(string? url, string setting)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ConfigurationException($"{setting} is not set; expected {AcceptedForms}");
        }

        foreach (var factory in _factories)
        {
            if (factory.Accepts(url))
            {
                return factory;
            }
        }

        var scheme = url.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && url[..colon].All(char.IsAsciiLetterOrDigit)
            ? $"an unsupported scheme '{url[..colon]}'"
            : "no scheme";
        throw new ConfigurationException($"{setting} has {scheme}; expected {AcceptedForms}");
    }

    /// <summary>The factory with this <see cref="IProviderFactory.Name"/> (case-insensitive), or null.</summary>
    public IProviderFactory? Named(string name) =>
        _factories.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A driver exception as a failure kind, asking each factory; null when none recognises it.</summary>
    public SlipwayException? Translate(Exception exception)
    {
        foreach (var factory in _factories)
        {
            if (factory.Translate(exception) is { } translated)
            {
                return translated;
            }
        }

        return null;
    }

    private string AcceptedForms => string.Join(" or ", _factories.Select(f => f.UrlForms));
}
