using System.Text.RegularExpressions;
using Slipway.Diagnostics;
using Slipway.History;
using Slipway.Postgres;

namespace Slipway.Cli.Fleets;

/// <summary>Turns the text of one listed target into a <see cref="TargetSpec"/>: a URL, or <c>schema:NAME</c> on the run's database.</summary>
internal static partial class TargetUrls
{
    public const string SchemaPrefix = "schema:";

    /// <summary>
    /// The target <paramref name="text"/> names. <c>schema:NAME</c> (or, with <paramref name="bareIsSchema"/>,
    /// a bare name) is <paramref name="baseUrl"/> with that schema as its search path and history schema.
    /// </summary>
    public static TargetSpec Parse(string text, string origin, string? baseUrl, bool bareIsSchema)
    {
        if (text.StartsWith(SchemaPrefix, StringComparison.OrdinalIgnoreCase) || (bareIsSchema && !text.Contains(':', StringComparison.Ordinal)))
        {
            var schema = text.StartsWith(SchemaPrefix, StringComparison.OrdinalIgnoreCase) ? text[SchemaPrefix.Length..].Trim() : text;
            try
            {
                _ = new HistoryTable(schema);
            }
            catch (ConfigurationException)
            {
                throw new ConfigurationException($"{origin}: '{schema}' is not a schema name; use letters, digits and underscores (at most 63), starting with a letter or underscore");
            }

            if (baseUrl is null)
            {
                throw new ConfigurationException($"{origin}: schema:{schema} is a schema of the database DATABASE_URL names, and DATABASE_URL is not set; set it (or --database-url) to the database holding the tenant schemas");
            }

            return new TargetSpec(WithSchema(baseUrl, schema, origin), SchemaPrefix + schema, schema, schema, origin);
        }

        return new TargetSpec(text, Redact(text), TenantOf(text), null, origin);
    }

    /// <summary>The target text without its password: a URL's user info keeps the user, a connection string loses its Password entry.</summary>
    public static string Redact(string text) =>
        KeyPassword().Replace(UrlPassword().Replace(text, "$1@"), string.Empty).Trim(';');

    /// <summary>The password in a target's text, or null.</summary>
    public static string? PasswordOf(string text) =>
        UrlPasswordValue().Match(text) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value)
        : KeyPasswordValue().Match(text) is { Success: true } k ? k.Groups[1].Value
        : null;

    private static string TenantOf(string text)
    {
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Path.GetFileNameWithoutExtension(text["sqlite:".Length..]);
        }

        var query = SearchPath().Match(text);
        if (query.Success)
        {
            return Uri.UnescapeDataString(query.Groups[1].Value).Split(',')[0].Trim('"', ' ');
        }

        var path = text.Split('?')[0];
        return path.Contains("://", StringComparison.Ordinal) ? Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]) : text;
    }

    private static string WithSchema(string baseUrl, string schema, string origin)
    {
        try
        {
            return PostgresConnectionUrl.WithSearchPath(baseUrl, schema);
        }
        catch (ArgumentException)
        {
            throw new ConfigurationException($"{origin}: schema:{schema} needs DATABASE_URL to be a PostgreSQL URL or connection string");
        }
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^@/]*@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*:([^@/]*)@")]
    private static partial Regex UrlPasswordValue();

    [GeneratedRegex(@"(?i)\bpassword\s*=\s*[^;]*;?")]
    private static partial Regex KeyPassword();

    [GeneratedRegex(@"(?i)\bpassword\s*=\s*([^;]*)")]
    private static partial Regex KeyPasswordValue();

    [GeneratedRegex(@"(?i)[?&](?:search_path|schema|currentschema)=([^&]*)")]
    private static partial Regex SearchPath();
}
