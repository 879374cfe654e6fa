using Slipway.Discovery;

namespace Slipway.Execution;

/// <summary>What <c>baseline</c> did.</summary>
/// <param name="Version">The baseline version.</param>
/// <param name="Covered">Migration files at or below it, now considered applied.</param>
/// <param name="AlreadyBaselined">True when the same baseline existed and nothing was written.</param>
public sealed record BaselineReport(MigrationVersion Version, IReadOnlyList<string> Covered, bool AlreadyBaselined);
