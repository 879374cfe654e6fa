using System.Data.Common;
using Microsoft.Extensions.Logging;
using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Code;

/// <summary>What a C# migration works with: the open connection and the transaction its history row is written in.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(DbConnection connection, DbTransaction transaction, ILogger logger, IReadOnlyDictionary<string, string> placeholders, MigrationVersion version, SqlDialect dialect)
    {
        Connection = connection;
        Transaction = transaction;
        Logger = logger;
        Placeholders = placeholders;
        Version = version;
        Dialect = dialect;
    }

    /// <summary>The open connection (an <c>NpgsqlConnection</c> or a <c>SqliteConnection</c>). Do not close it.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction to run every command in. Do not commit or roll it back.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>The run's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>The run's placeholder values (names ignore case), as given to SQL scripts.</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; }

    /// <summary>The migration's version.</summary>
    public MigrationVersion Version { get; }

    /// <summary>The database's SQL dialect, for a migration that serves more than one kind of database.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>A command on <see cref="Connection"/> in <see cref="Transaction"/>; the caller disposes it.</summary>
    public DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }
}
