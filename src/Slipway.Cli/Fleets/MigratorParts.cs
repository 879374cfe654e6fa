using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.Cli.Fleets;

/// <summary>What each target's engine is given: this run's migrations and options.</summary>
internal sealed record MigratorParts(IReadOnlyList<IMigrationSource> Sources, MigratorOptions Options);
