namespace Slipway.Backup;

/// <summary>
/// Takes a verified backup of the target database into a folder. Implemented next to each provider
/// (PostgreSQL: <c>pg_dump -Fc</c> checked with <c>pg_restore --list</c>; SQLite: the online backup API).
/// </summary>
public interface IBackupProvider
{
    /// <summary>
    /// Writes a new, timestamped backup file into <paramref name="directory"/> (created when missing)
    /// and verifies it can be read back. Throws <see cref="BackupFailedException"/> when either step
    /// fails, after deleting the partial file. Messages never contain the password.
    /// </summary>
    Task<BackupResult> CreateAsync(string directory, CancellationToken cancellationToken = default);
}
