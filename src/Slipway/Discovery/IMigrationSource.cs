namespace Slipway.Discovery;

/// <summary>
/// Where scripts come from: a folder, resources embedded in an assembly, or a test's in-memory list.
/// </summary>
/// <remarks>
/// Contract for implementers: return every candidate <c>.sql</c> file, including ones whose names do
/// not parse (the engine reports those); never return null; do not sort or filter by version; do not
/// cache between calls, so a long-lived host sees new files.
/// </remarks>
public interface IMigrationSource
{
    /// <summary>A short description for messages, e.g. <c>migrations</c> or <c>embedded:SampleWebApp</c>.</summary>
    string Description { get; }

    /// <summary>Lists the scripts. Throws <see cref="Diagnostics.ConfigurationException"/> when the source does not exist.</summary>
    Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default);
}
