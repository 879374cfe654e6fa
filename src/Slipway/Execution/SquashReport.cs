using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What <c>squash</c> wrote: one baseline script equivalent to the versioned migrations up to <see cref="Version"/>.</summary>
public sealed record SquashReport
{
    /// <summary>The version the baseline stands for.</summary>
    public required MigrationVersion Version { get; init; }

    /// <summary>The versioned migrations it covers, in version order.</summary>
    public required IReadOnlyList<string> Covered { get; init; }

    /// <summary>The baseline script: a header, then the schema and rows the covered migrations build.</summary>
    public required string Script { get; init; }

    /// <summary>The scratch target the migrations were replayed on, now dropped.</summary>
    public required string Scratch { get; init; }

    /// <summary>The name the script should have in a migrations folder, e.g. <c>B7__squashed.sql</c>.</summary>
    public string SuggestedName => "B" + Version.Text + "__squashed.sql";
}
