using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Execution;

namespace Slipway.Sqlite;

/// <summary>C# migrations: the same steps as <see cref="ApplyAsync"/> around the code, in a driver transaction.</summary>
internal sealed partial class SqliteSession : ICodeMigrationSession
{
    public async Task<bool> ApplyCodeAsync(ChangeSet change, Func<DbConnection, DbTransaction, CancellationToken, Task> code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(code);
        var script = change.Record?.Script ?? "C# migration";
        _transaction = _locker.BeginTransaction();
        try
        {
            if (!await IsNeededAsync(change, cancellationToken))
            {
                await _transaction.RollbackAsync(cancellationToken);
                return false;
            }

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await code(connection, _transaction, cancellationToken);
            var elapsed = clock.ElapsedMilliseconds;
            if (change.RemoveIds.Count > 0)
            {
                await ExecuteAsync(_sql.DeleteIds(change.RemoveIds), cancellationToken);
            }

            if (change.Record is { } record)
            {
                await InsertAsync(record, started, elapsed, cancellationToken);
            }

            await _transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (SqliteException ex)
        {
            await RollbackCodeAsync();
            throw new MigrationFailedException(script, $"{script}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not (SlipwayException or OperationCanceledException))
        {
            // The migration's own failure: reported by its message (a stack trace never reaches a user).
            await RollbackCodeAsync();
            throw new MigrationFailedException(script, $"{script}: {ex.GetType().Name}: {ex.Message}", ex);
        }
        catch
        {
            await RollbackCodeAsync();
            throw;
        }
        finally
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    private async Task RollbackCodeAsync()
    {
        try
        {
            await _transaction!.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // SQLite already ended the transaction (some errors do).
        }
    }
}
