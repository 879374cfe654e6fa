using System.Data.Common;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Execution;

namespace Slipway.Postgres;

/// <summary>
/// A C# migration's change: a driver transaction (so the code can enlist its commands), the opening
/// batch (lock renewal, limits, guard), the code, the closing batch (history writes), COMMIT. Three
/// round trips instead of one pipelined batch: the code sits in the middle.
/// </summary>
internal static class PostgresCodeChange
{
    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, PostgresHistorySql sql, IPostgresLocker locker, bool clientCheck, ChangeSet change, Func<DbConnection, DbTransaction, CancellationToken, Task> code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(code);
        await locker.EnsureHeldAsync(cancellationToken);
        var script = change.Record?.Script ?? "C# migration";
        NpgsqlTransaction? transaction = null;
        PostgresChangeBatch? opening = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            opening = PostgresChangeBatch.Opening(connection, sql, locker, change, clientCheck);
            await opening.Batch.ExecuteNonQueryAsync(cancellationToken);
            await code(connection, transaction, cancellationToken);
            await using (var closing = PostgresChangeBatch.Closing(connection, sql, locker, change))
            {
                await closing.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (opening is not null && opening.StoppedBy(ex))
        {
            await RollbackQuietlyAsync(transaction);
            return false;
        }
        catch (PostgresException ex) when (locker.LostBy(ex) is { } lost)
        {
            await RollbackQuietlyAsync(transaction);
            throw lost;
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await RollbackQuietlyAsync(transaction);
            throw ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }
                ? new TableLockTimeoutException(script, $"{script} waited longer than lock_timeout for a table lock (SQLSTATE 55P03).", null, ex)
                : PostgresErrors.PoolerOrTimeout(ex, "applying " + script) ?? PostgresErrors.Map(ex, connection, script, null);
        }
        catch (OperationCanceledException)
        {
            await RollbackQuietlyAsync(transaction);
            throw;
        }
        catch (Exception ex) when (ex is not SlipwayException)
        {
            // The migration's own failure: reported by its message (a stack trace never reaches a user).
            await RollbackQuietlyAsync(transaction);
            throw new MigrationFailedException(script, $"{script}: {ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            if (opening is not null)
            {
                await opening.Batch.DisposeAsync();
            }

            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private static async Task RollbackQuietlyAsync(NpgsqlTransaction? transaction)
    {
        try
        {
            if (transaction?.Connection is { State: System.Data.ConnectionState.Open })
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken connection: the server has rolled back already.
        }
    }
}
