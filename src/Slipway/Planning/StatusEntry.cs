using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Planning;

/// <summary>One line of <c>slipway status</c>: a migration, its state, and its history row when applied.</summary>
/// <param name="Version">The version; null for repeatables.</param>
/// <param name="Description">The description.</param>
/// <param name="Script">The file name.</param>
/// <param name="Kind">Versioned, repeatable or baseline.</param>
/// <param name="Phase">The phase.</param>
/// <param name="State">Applied, pending, ...</param>
/// <param name="Applied">The history row, when there is one.</param>
public sealed record StatusEntry(
    MigrationVersion? Version,
    string Description,
    string Script,
    MigrationKind Kind,
    MigrationPhase Phase,
    MigrationState State,
    AppliedMigration? Applied);
