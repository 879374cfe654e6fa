namespace Slipway.Execution;

/// <summary>
/// A database schema as a sorted set of objects, each with a key such as <c>index public.notes_author_idx</c>
/// and a definition such as <c>CREATE INDEX ... (author)</c>. Two snapshots are equal when they hold the same
/// keys with the same definitions.
/// </summary>
public sealed class SchemaSnapshot
{
    private readonly SortedDictionary<string, string> _objects = new(StringComparer.Ordinal);

    /// <summary>Builds a snapshot; a key seen twice keeps both definitions, joined.</summary>
    public SchemaSnapshot(IEnumerable<KeyValuePair<string, string>> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (var (key, definition) in objects)
        {
            _objects[key] = _objects.TryGetValue(key, out var existing) ? existing + "; " + definition : definition;
        }
    }

    /// <summary>Every object, by key in ordinal order.</summary>
    public IReadOnlyDictionary<string, string> Objects => _objects;

    /// <summary>
    /// The first difference (in key order) between <paramref name="expected"/> and <paramref name="actual"/>,
    /// or null when they are equal.
    /// </summary>
    public static SchemaDifference? FirstDifference(SchemaSnapshot expected, SchemaSnapshot actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var keys = new SortedSet<string>(expected._objects.Keys, StringComparer.Ordinal);
        keys.UnionWith(actual._objects.Keys);
        foreach (var key in keys)
        {
            var had = expected._objects.TryGetValue(key, out var was);
            var has = actual._objects.TryGetValue(key, out var now);
            if (had != has || !string.Equals(was, now, StringComparison.Ordinal))
            {
                return new SchemaDifference(key, had ? was : null, has ? now : null);
            }
        }

        return null;
    }

    /// <summary>One object per line, <c>key: definition</c>, for diffs in tests and reports.</summary>
    public override string ToString() =>
        string.Join('\n', _objects.Select(o => o.Value.Length == 0 ? o.Key : o.Key + ": " + o.Value));
}
