using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.History;

/// <summary>
/// The name of the history table: <c>slipway_history</c> by default, optionally in a schema.
/// Names are validated and always quoted in SQL, so a configured name can never inject SQL.
/// </summary>
public sealed partial record HistoryTable
{
    /// <summary>The default table name.</summary>
    public const string DefaultName = "slipway_history";

    /// <summary>Creates a table name; throws <see cref="ConfigurationException"/> for names that are not plain identifiers.</summary>
    public HistoryTable(string? schema = null, string name = DefaultName)
    {
        Schema = string.IsNullOrEmpty(schema) ? null : Check(schema, "schema");
        Name = Check(name, "table");
    }

    /// <summary>The schema, or null for the connection's default (PostgreSQL <c>search_path</c>, SQLite <c>main</c>).</summary>
    public string? Schema { get; }

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>The quoted, qualified name for SQL, e.g. <c>"app"."slipway_history"</c>.</summary>
    public string Quoted => Schema is null ? Quote(Name) : Quote(Schema) + "." + Quote(Name);

    /// <summary>Quotes an identifier with double quotes.</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <inheritdoc />
    public override string ToString() => Schema is null ? Name : Schema + "." + Name;

    private static string Check(string value, string what) =>
        IdentifierPattern().IsMatch(value)
            ? value
            : throw new ConfigurationException($"The history {what} name '{value}' is not valid; use letters, digits and underscores (at most 63), starting with a letter or underscore.");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
