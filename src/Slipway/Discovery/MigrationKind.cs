namespace Slipway.Discovery;

/// <summary>What a history row or a script is. Stored in history as the lowercase name.</summary>
public enum MigrationKind
{
    /// <summary><c>V{version}__{description}.sql</c>: applied once, in version order.</summary>
    Versioned,

    /// <summary><c>R__{description}.sql</c>: re-applied whenever its checksum changes.</summary>
    Repeatable,

    /// <summary>A history row saying every version up to it predates Slipway.</summary>
    Baseline,

    /// <summary>A history row auditing a <c>repair</c>.</summary>
    Repair,

    /// <summary>A history row auditing a <c>rollback</c>.</summary>
    Rollback,
}
