using Slipway.Execution;
using Slipway.History;

namespace Slipway.MySql;

/// <summary>Settings of the MySQL/MariaDB provider. Build them with <see cref="MySqlConnectionUrl.Parse"/>.</summary>
public sealed record MySqlOptions
{
    /// <summary>A MySqlConnector connection string. Contains the password: never log it.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The target with the password removed, for messages, e.g. <c>mysql://app@db:3306/shop</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The database the connection string names; migrations and the history table live in it.</summary>
    public required string Database { get; init; }

    /// <summary>The history table; its <see cref="HistoryTable.Schema"/> is a database on MySQL (null: <see cref="Database"/>).</summary>
    public HistoryTable HistoryTable { get; init; } = new();

    /// <summary>
    /// The run's default lock and statement timeouts: each change sets <c>lock_wait_timeout</c>,
    /// <c>innodb_lock_wait_timeout</c> and <c>max_statement_time</c> (MariaDB) or <c>max_execution_time</c>
    /// (MySQL) from its own settings. Default: lock waits of 5 s.
    /// </summary>
    public ExecutionSettings SessionDefaults { get; init; } = new(LockTimeout: TimeSpan.FromSeconds(5));
}
