using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Slipway.AspNetCore;

namespace Slipway.EntityFrameworkCore;

/// <summary>The database an EF Core context is configured for, as Slipway's setting, so an app configures its database once.</summary>
internal static class EntityFrameworkDatabase
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>Points <paramref name="options"/> at the context's database when its provider is one Slipway has; otherwise leaves them as they are.</summary>
    public static void UseContextDatabase(SlipwayOptions options, DbContext context)
    {
        if (context.Database.GetConnectionString() is not { Length: > 0 } connectionString)
        {
            return;
        }

        switch (context.Database.ProviderName)
        {
            case Npgsql:
                options.UsePostgres(connectionString);
                break;
            case Sqlite when new SqliteConnectionStringBuilder(connectionString) is { DataSource: { Length: > 0 } file, Mode: not SqliteOpenMode.Memory }
                && file != ":memory:":
                options.UseSqlite(file);
                break;
        }
    }
}
