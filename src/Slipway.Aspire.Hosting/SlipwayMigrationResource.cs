using Aspire.Hosting.ApplicationModel;

namespace Slipway.Aspire.Hosting;

/// <summary>
/// A run of <c>slipway migrate</c> in the app model: it starts once its database is up, applies the
/// pending migrations under Slipway's lock and exits; exit code 0 is success. Services that need the
/// schema wait for it with <c>WaitForCompletion</c>.
/// </summary>
/// <param name="name">The resource name, e.g. <c>migrate</c>.</param>
/// <param name="command">The <c>slipway</c> executable: the tool's command name on PATH, or a path to the binary.</param>
/// <param name="workingDirectory">Where it runs; relative migration folders are resolved from here.</param>
public sealed class SlipwayMigrationResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory);
