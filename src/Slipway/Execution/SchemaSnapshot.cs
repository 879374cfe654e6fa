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
    public static SchemaDifference? FirstDifference(SchemaSnapshot expected, SchemaSnapshot actual) => Differences(expected, actual).FirstOrDefault();

    /// <summary>Every object that differs between <paramref name="expected"/> and <paramref name="actual"/>, in key order.</summary>
    public static IEnumerable<SchemaDifference> Differences(SchemaSnapshot expected, SchemaSnapshot actual)
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
                yield return new SchemaDifference(key, had ? was : null, has ? now : null);
            }
        }
    }

    /// <summary>
    /// The same snapshot with schema <paramref name="from"/> called <paramref name="to"/> in every key and
    /// definition: a schema built in a scratch schema, compared with the real one.
    /// </summary>
    public SchemaSnapshot WithSchemaRenamed(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return new SchemaSnapshot(_objects.Select(o => new KeyValuePair<string, string>(Rename(o.Key), Rename(o.Value))));

        string Rename(string text) => string.Equals(text, "schema " + from, StringComparison.Ordinal)
            ? "schema " + to
            : text.Replace(from + ".", to + ".", StringComparison.Ordinal);
    }

    /// <summary>The key prefix of privileges granted to other roles: compared only where asked for, since roles differ between environments.</summary>
    public const string GrantPrefix = "grant on ";

    /// <summary>The same snapshot without the objects whose key starts with <paramref name="keyPrefix"/>.</summary>
    public SchemaSnapshot Without(string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return new SchemaSnapshot(_objects.Where(o => !o.Key.StartsWith(keyPrefix, StringComparison.Ordinal)));
    }

    /// <summary>One object per line, <c>key: definition</c>, for diffs in tests and reports.</summary>
    public override string ToString() =>
        string.Join('\n', _objects.Select(o => o.Value.Length == 0 ? o.Key : o.Key + ": " + o.Value));
}
