using System.Text.Json;

namespace Slipway.Lint.Rules;

/// <summary>Small readers for libpg_query's JSON tree, where false, zero and empty fields are omitted.</summary>
internal static class Json
{
    public static string? Text(this JsonElement node, string property) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Flag(this JsonElement node, string property) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement Child(this JsonElement node, string property) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(property, out var value) ? value : default;

    public static IEnumerable<JsonElement> Items(this JsonElement node, string property) =>
        node.Child(property) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>The payload of a wrapped node such as <c>{"Constraint": {...}}</c> when it is of that type.</summary>
    public static JsonElement As(this JsonElement node, string type) => node.Child(type);

    public static bool Is(this JsonElement node, string type) => node.Child(type).ValueKind == JsonValueKind.Object;

    /// <summary>The table named by a RangeVar, lower-case as PostgreSQL folds it, e.g. <c>app.orders</c>.</summary>
    public static string Relation(this JsonElement rangeVar) =>
        rangeVar.Text("schemaname") is { } schema ? schema + "." + rangeVar.Text("relname") : rangeVar.Text("relname") ?? "?";

    /// <summary>The last element of a name list (<c>[{"String":{"sval":"pg_catalog"}},{"String":{"sval":"int4"}}]</c> gives <c>int4</c>).</summary>
    public static string? LastName(this JsonElement node, string property) =>
        node.Items(property).Select(n => n.As("String").Text("sval")).LastOrDefault(s => s is not null);

    /// <summary>A dotted name from a name list, e.g. a DROP TABLE object.</summary>
    public static string DottedName(this JsonElement list) =>
        string.Join('.', list.As("List").Items("items").Select(n => n.As("String").Text("sval")));

    /// <summary>Every node of type <paramref name="type"/> anywhere below <paramref name="node"/>.</summary>
    public static IEnumerable<JsonElement> Descendants(this JsonElement node, string type)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.NameEquals(type) && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        yield return property.Value;
                    }

                    foreach (var found in property.Value.Descendants(type))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    foreach (var found in item.Descendants(type))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
