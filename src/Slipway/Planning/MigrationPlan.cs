using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Planning;

/// <summary>What a run would do, computed from the catalog and the history without touching the database.</summary>
public sealed record MigrationPlan
{
    /// <summary>Migrations to apply, in order: versioned first, then changed repeatables.</summary>
    public required IReadOnlyList<MigrationScript> Pending { get; init; }

    /// <summary>Every migration on disk or in history, with its state, for <c>status</c>.</summary>
    public required IReadOnlyList<StatusEntry> Entries { get; init; }

    /// <summary>Everything wrong, errors and warnings.</summary>
    public required IReadOnlyList<ValidationProblem> Problems { get; init; }

    /// <summary>The newest successfully applied (or baselined) version; null on an empty database.</summary>
    public MigrationVersion? CurrentVersion { get; init; }

    /// <summary>The history the plan was made from.</summary>
    public required IReadOnlyList<AppliedMigration> History { get; init; }

    /// <summary>True when an error-level problem exists.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}
