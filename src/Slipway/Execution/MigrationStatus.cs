namespace Slipway.Execution;

/// <summary>What happened to one migration in a run.</summary>
public enum MigrationStatus
{
    /// <summary>Applied by this run.</summary>
    Applied,

    /// <summary>Another runner applied it first; this run did nothing.</summary>
    AlreadyApplied,

    /// <summary>Its SQL failed; see <see cref="MigrationResult.Error"/>.</summary>
    Failed,
}
