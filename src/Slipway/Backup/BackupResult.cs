namespace Slipway.Backup;

/// <summary>A backup that was written and verified.</summary>
/// <param name="Path">The backup file: the folder as given, joined with the generated file name.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Entries">What the verification found: archive entries (PostgreSQL) or tables (SQLite).</param>
/// <param name="Duration">How long backup and verification took.</param>
public sealed record BackupResult(string Path, long Bytes, int Entries, TimeSpan Duration);
