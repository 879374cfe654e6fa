namespace Slipway.Discovery;

/// <summary>Where a script's <c>${name}</c> placeholders are replaced, set by the <c>placeholders=</c> directive.</summary>
public enum PlaceholderMode
{
    /// <summary>The default: in SQL text, string literals and quoted identifiers; not in comments or dollar-quoted bodies.</summary>
    On,

    /// <summary><c>placeholders=off</c>: the script runs exactly as written.</summary>
    Off,

    /// <summary><c>placeholders=all</c>: also inside PostgreSQL dollar-quoted bodies (<c>$$ ... $$</c>).</summary>
    All,
}
