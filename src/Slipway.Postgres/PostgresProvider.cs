using System.Net.Sockets;
using Npgsql;
using Slipway.Diagnostics;

namespace Slipway.Postgres;

/// <summary>The PostgreSQL provider: one unpooled connection per session, a session advisory lock, transactional DDL.</summary>
public sealed class PostgresProvider : IMigrationProvider
{
    private readonly PostgresOptions _options;

    /// <summary>Creates the provider.</summary>
    public PostgresProvider(PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string DisplayName => _options.DisplayName;

    /// <inheritdoc />
    public async Task<IMigrationSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        // The slim builder keeps the NativeAOT binary small; TLS must be asked for explicitly.
        var main = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        var side = new NpgsqlConnectionStringBuilder(_options.ConnectionString) { ApplicationName = "slipway-watchdog" };
        if (_options.LockMode == PostgresLockMode.Lease)
        {
            // Unique, so the watchdog can find this session's backend behind a transaction pooler.
            main.ApplicationName = (main.ApplicationName ?? "slipway") + "-" + Guid.NewGuid().ToString("N")[..8];
        }
        else
        {
            // Startup options are the session's defaults: RESET/RESET ALL in a migration returns to them.
            main.Options = (main.Options is { Length: > 0 } given ? given + " " : string.Empty) + PostgresTimeouts.StartupOptions(_options.SessionDefaults);
        }

        // The slim builder keeps the NativeAOT binary small; TLS must be asked for explicitly.
        var dataSource = new NpgsqlSlimDataSourceBuilder(main.ConnectionString).EnableTransportSecurity().Build();
        var sideSource = new NpgsqlSlimDataSourceBuilder(side.ConnectionString).EnableTransportSecurity().Build();
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return new PostgresSession(dataSource, connection, sideSource, _options, main.ApplicationName ?? "slipway");
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            await sideSource.DisposeAsync();
            throw Unreachable(ex);
        }
    }

    private DatabaseUnreachableException Unreachable(Exception ex)
    {
        var (reason, transient) = ex switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => ("authentication failed: check the user and password in DATABASE_URL", false),
            PostgresException { SqlState: "3D000" } => ("the database does not exist: create it or fix the database name in DATABASE_URL", false),
            PostgresException { SqlState: "57P03" } => ("the server is starting up", true),
            PostgresException pg => ($"{pg.SqlState}: {pg.MessageText}", true),
            _ => (ex.InnerException?.Message ?? ex.Message, true),
        };
        return new DatabaseUnreachableException($"Cannot connect to {_options.DisplayName}: {reason}", null, transient);
    }
}
