namespace Slipway.Planning;

/// <summary>Where a migration stands, comparing disk and history.</summary>
public enum MigrationState
{
    /// <summary>Applied and unchanged.</summary>
    Applied,

    /// <summary>On disk, not applied yet.</summary>
    Pending,

    /// <summary>A non-transactional migration that stopped part way; the next run resumes it.</summary>
    Failed,

    /// <summary>Applied, but its file is gone.</summary>
    Missing,

    /// <summary>Applied, but its file changed since.</summary>
    Modified,

    /// <summary>At or below the baseline: considered applied, never run.</summary>
    BelowBaseline,

    /// <summary>Pending but older than the newest applied version (needs <c>--out-of-order</c>).</summary>
    OutOfOrder,

    /// <summary>Pending, but beyond <c>--target</c> or in another phase.</summary>
    Deferred,
}
