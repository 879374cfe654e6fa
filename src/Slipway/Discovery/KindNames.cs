namespace Slipway.Discovery;

/// <summary>The text forms of kinds and phases as stored in the history table and printed in output.</summary>
internal static class KindNames
{
    /// <summary>The stored name of a kind, e.g. <c>versioned</c>.</summary>
    public static string ToText(this MigrationKind kind) => kind switch
    {
        MigrationKind.Versioned => "versioned",
        MigrationKind.Repeatable => "repeatable",
        MigrationKind.Baseline => "baseline",
        MigrationKind.Repair => "repair",
        MigrationKind.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a stored kind name; unknown names are read as <see cref="MigrationKind.Versioned"/>.</summary>
    public static MigrationKind ParseKind(string text) => text switch
    {
        "repeatable" => MigrationKind.Repeatable,
        "baseline" => MigrationKind.Baseline,
        "repair" => MigrationKind.Repair,
        "rollback" => MigrationKind.Rollback,
        _ => MigrationKind.Versioned,
    };

    /// <summary>The stored name of a phase: <c>pre-deploy</c> or <c>post-deploy</c>.</summary>
    public static string ToText(this MigrationPhase phase) =>
        phase == MigrationPhase.PostDeploy ? "post-deploy" : "pre-deploy";

    /// <summary>Parses <c>pre-deploy</c>/<c>post-deploy</c>; null when neither.</summary>
    public static MigrationPhase? TryParsePhase(string? text) => text switch
    {
        "pre-deploy" => MigrationPhase.PreDeploy,
        "post-deploy" => MigrationPhase.PostDeploy,
        _ => null,
    };
}
