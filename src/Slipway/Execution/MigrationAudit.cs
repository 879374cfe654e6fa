using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What happened to one migration in a run: the facts of an audit event.</summary>
public sealed record MigrationAudit
{
    /// <summary>The migration.</summary>
    public required MigrationScript Script { get; init; }

    /// <summary>Applied, already applied (by another runner) or failed.</summary>
    public required MigrationStatus Status { get; init; }

    /// <summary>When the engine started it.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took, including waiting for its transaction.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>How many statements the migration has, as Slipway's lexer splits it.</summary>
    public int Statements { get; init; }

    /// <summary>True when the migration ran in one transaction with its history row; false when statement by statement.</summary>
    public bool Transactional { get; init; } = true;

    /// <summary>The error message when it failed.</summary>
    public string? Error { get; init; }
}
