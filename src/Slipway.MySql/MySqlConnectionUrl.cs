using System.Globalization;
using MySqlConnector;
using Slipway.Diagnostics;
using Slipway.Providers;

namespace Slipway.MySql;

/// <summary>
/// Turns a <c>DATABASE_URL</c> (<c>mysql://user:pass@host:3306/db?sslmode=require</c>, or <c>mariadb://</c>)
/// or a plain MySqlConnector connection string (<c>Server=db;User ID=app;Database=shop;...</c>) into provider
/// options. Errors name the problem and the expected form, and never contain the password.
/// </summary>
public static class MySqlConnectionUrl
{
    private const string Expected = "expected mysql://user:pass@host:3306/db";

    /// <summary>True for <c>mysql://</c> and <c>mariadb://</c> URLs and for connection strings naming a <c>Server</c>.</summary>
    public static bool IsMySql(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !value.Contains("://", StringComparison.Ordinal)
            && value.Split(';').Select(p => p.Split('=', 2)[0].Trim()).Any(k => k.Equals("server", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses a URL or connection string; <paramref name="historySchema"/> is the database of the history table (null: the URL's database).</summary>
    public static MySqlOptions Parse(string value, string? historySchema = null, string historyTable = History.HistoryTable.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : FromConnectionString(value);
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ConfigurationException($"DATABASE_URL names no database; {Expected} (or Database=... in a connection string)");
        }

        // One connection per session, held for the run: the GET_LOCK lock belongs to it. User variables
        // (SET @sql = ...; PREPARE s FROM @sql) must reach the server instead of being read as parameters.
        builder.Pooling = false;
        builder.AllowUserVariables = true;
        builder.UseAffectedRows = false;
        builder.DefaultCommandTimeout = 0;
        var scheme = value.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase) ? "mariadb" : "mysql";
        return new MySqlOptions
        {
            ConnectionString = builder.ConnectionString,
            DisplayName = string.Create(CultureInfo.InvariantCulture, $"{scheme}://{Uri.EscapeDataString(builder.UserID ?? string.Empty)}@{builder.Server}:{builder.Port}/{builder.Database}"),
            Database = builder.Database,
            HistoryTable = new History.HistoryTable(historySchema, historyTable),
        };
    }

    private static MySqlConnectionStringBuilder FromConnectionString(string value)
    {
        try
        {
            return new MySqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The exception text can quote the string, password included.
            throw new ConfigurationException($"DATABASE_URL is not a valid MySQL connection string; {Expected} or Server=...;User ID=...;Database=...");
        }
    }

    private static MySqlConnectionStringBuilder FromUrl(string value)
    {
        var url = DatabaseUrl.Parse(value, Expected);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = url.Host,
            Port = (uint)(url.Port ?? 3306),
            Database = url.Database,
            SslMode = MySqlSslMode.Preferred,
        };
        if (url.User is not null)
        {
            builder.UserID = url.User;
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

    private static void ApplyQuery(MySqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            // The PostgreSQL spellings (sslmode=require) and MySQL's own (ssl-mode=REQUIRED) alike.
            case "sslmode":
            case "ssl-mode":
            case "ssl_mode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" or "disabled" or "none" => MySqlSslMode.None,
                    "allow" or "prefer" or "preferred" => MySqlSslMode.Preferred,
                    "require" or "required" => MySqlSslMode.Required,
                    "verify-ca" or "verify_ca" => MySqlSslMode.VerifyCA,
                    "verify-full" or "verify_identity" or "verify-identity" => MySqlSslMode.VerifyFull,
                    _ => throw new ConfigurationException($"DATABASE_URL has sslmode={value}; use disable, prefer, require, verify-ca or verify-full (or MySQL's DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY)"),
                };
                break;
            case "sslrootcert":
            case "ssl-ca":
            case "sslca":
                builder.SslCa = value;
                break;
            case "connect_timeout":
                builder.ConnectionTimeout = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new ConfigurationException($"DATABASE_URL has connect_timeout={value}; expected whole seconds");
                break;
            case "user":
                builder.UserID = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            default:
                throw new ConfigurationException($"DATABASE_URL has an unknown query parameter '{key}'; supported: sslmode (or ssl-mode), sslrootcert (or ssl-ca), connect_timeout, application_name");
        }
    }
}
