using System.Globalization;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Providers;

namespace Slipway.Postgres;

/// <summary>
/// Turns a <c>DATABASE_URL</c> (<c>postgresql://user:pass@host:5432/db?sslmode=require&amp;search_path=app</c>)
/// or a plain Npgsql connection string (<c>Host=db;Username=app;...</c>) into provider options. Errors
/// name the problem and the expected form, and never contain the password.
/// </summary>
public static class PostgresConnectionUrl
{
    private const string Expected = "expected postgresql://user:pass@host:5432/db";

    /// <summary>True for <c>postgres://</c> and <c>postgresql://</c> URLs and for Npgsql connection strings.</summary>
    public static bool IsPostgres(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || (value.Contains('=', StringComparison.Ordinal) && value.Contains("host", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses a URL or connection string. The history schema defaults to <c>schema</c>/first <c>search_path</c> entry.</summary>
    public static PostgresOptions Parse(string value, string? historySchema = null, string historyTable = History.HistoryTable.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : FromConnectionString(value);
        builder.Pooling = false;
        builder.ApplicationName ??= "slipway";
        var schema = historySchema ?? FirstSchema(builder.SearchPath);
        var display = string.Create(CultureInfo.InvariantCulture, $"postgresql://{Uri.EscapeDataString(builder.Username ?? string.Empty)}@{builder.Host}:{builder.Port}/{builder.Database}");
        return new PostgresOptions
        {
            ConnectionString = builder.ConnectionString,
            DisplayName = display,
            HistoryTable = new History.HistoryTable(schema, historyTable),
        };
    }

    /// <summary>
    /// <paramref name="value"/> (a URL or a connection string) with <paramref name="schema"/> as its whole
    /// <c>search_path</c>, replacing any given: how a tenant's schema of a shared database is addressed.
    /// </summary>
    public static string WithSearchPath(string value, string schema)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(value) { SearchPath = schema }.ConnectionString;
        }

        var query = value.IndexOf('?', StringComparison.Ordinal);
        var kept = query < 0 ? [] : value[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Uri.UnescapeDataString(p.Split('=', 2)[0]).ToLowerInvariant() is not ("search_path" or "schema" or "currentschema"));
        return (query < 0 ? value : value[..query]) + "?" + string.Join('&', kept.Append("search_path=" + Uri.EscapeDataString(schema)));
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            // The exception text can quote the string, password included: keep only its key name if any.
            throw new ConfigurationException($"DATABASE_URL is not a valid PostgreSQL connection string ({FirstWord(ex.Message)}); {Expected} or Host=...;Username=...;Database=...");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        var url = DatabaseUrl.Parse(value, Expected);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port ?? 5432,
            Database = url.Database,
        };
        if (url.User is not null)
        {
            builder.Username = url.User;
        }

        if (url.Password is not null)
        {
            builder.Password = url.Password;
        }

        foreach (var (key, val) in url.Query)
        {
            ApplyQuery(builder, key, val);
        }

        return builder;
    }

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new ConfigurationException($"DATABASE_URL has sslmode={value}; use disable, allow, prefer, require, verify-ca or verify-full"),
                };
                break;
            case "search_path":
            case "schema":
            case "currentschema":
                builder.SearchPath = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new ConfigurationException($"DATABASE_URL has connect_timeout={value}; expected whole seconds");
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "target_session_attrs":
                builder.TargetSessionAttributes = value;
                break;
            default:
                throw new ConfigurationException($"DATABASE_URL has an unknown query parameter '{key}'; supported: sslmode, sslrootcert, search_path (or schema), application_name, connect_timeout, target_session_attrs");
        }
    }

    private static string? FirstSchema(string? searchPath)
    {
        var first = searchPath?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null or "\"$user\"" or "$user" ? null : first.Trim('"');
    }

    private static string FirstWord(string message)
    {
        var idx = message.IndexOf('\'', StringComparison.Ordinal);
        var end = idx < 0 ? -1 : message.IndexOf('\'', idx + 1);
        return idx >= 0 && end > idx && end - idx < 40 ? "unknown keyword " + message[idx..(end + 1)] : "unreadable";
    }
}
