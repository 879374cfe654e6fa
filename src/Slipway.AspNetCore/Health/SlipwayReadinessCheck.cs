using Microsoft.Extensions.Diagnostics.HealthChecks;
using Slipway.AspNetCore.Status;

namespace Slipway.AspNetCore.Health;

/// <summary>
/// Unhealthy until every pre-deploy migration the app was built with is applied, so a pod of a new
/// version never serves traffic on an old schema. Registered with the tag <c>ready</c> only:
/// liveness probes that exclude it never restart a pod that is just waiting for its schema.
/// </summary>
internal sealed class SlipwayReadinessCheck(SchemaStatusReader reader) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await reader.ReadAsync(cancellationToken: cancellationToken);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["currentVersion"] = status.CurrentVersion?.Text ?? string.Empty,
            ["expectedVersion"] = status.ExpectedVersion?.Text ?? string.Empty,
            ["missing"] = string.Join(",", status.Missing.Select(e => e.Script)),
            ["postDeployPending"] = string.Join(",", status.PostDeployPending.Select(e => e.Script)),
        };
        return status.IsReady
            ? HealthCheckResult.Healthy(status.Summary(), data)
            : new HealthCheckResult(context.Registration.FailureStatus, status.Summary(), data: data);
    }
}
