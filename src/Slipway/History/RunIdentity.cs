namespace Slipway.History;

/// <summary>Who is running: recorded in every history row and audit event.</summary>
/// <param name="Host">The host or pod name (Kubernetes sets <c>HOSTNAME</c> to the pod name).</param>
/// <param name="AppVersion">The application version, e.g. the image tag; optional.</param>
public sealed record RunIdentity(string Host, string? AppVersion)
{
    /// <summary>This machine's name and no app version.</summary>
    public static RunIdentity Local { get; } = new(Environment.MachineName, null);
}
