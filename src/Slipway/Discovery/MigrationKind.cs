namespace Slipway.Discovery;

/// <summary>What a history row or a script is. Stored in history as the lowercase name.</summary>
public enum MigrationKind
{
    /// <summary><c>V{version}__{description}.sql</c>: applied once, in version order.</summary>
    Versioned,

    /// <summary><c>R__{description}.sql</c>: re-applied whenever its checksum changes.</summary>
    Repeatable,

    /// <summary>
    /// Every version up to it counts as applied without having run: a history row written by <c>baseline</c>
    /// (the versions predate Slipway), or a <c>B{version}__{description}.sql</c> script that built a new
    /// database in place of the versioned migrations it covers.
    /// </summary>
    Baseline,

    /// <summary>A history row auditing a <c>repair</c>.</summary>
    Repair,

    /// <summary>A history row auditing a <c>rollback</c>.</summary>
    Rollback,
}
