using Microsoft.AspNetCore.Routing;
using Slipway.AspNetCore.Status;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Slipway status endpoint.</summary>
public static class SlipwayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a status endpoint (off unless mapped): JSON for <c>Accept: application/json</c>, otherwise a
    /// readable HTML page with the current version, applied migrations (when, who, how long), pending
    /// ones highlighted and the last failure. It shows who migrated what from where, so protect it:
    /// chain <c>.RequireAuthorization("your-policy")</c>. An endpoint with neither an authorization
    /// policy (its own or the app's fallback policy) nor an explicit <c>.AllowAnonymous()</c> answers
    /// 403 and logs why.
    /// </summary>
    public static IEndpointConventionBuilder MapSlipwayStatus(this IEndpointRouteBuilder endpoints, string pattern = "/slipway")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, StatusEndpoint.HandleAsync).WithDisplayName("Slipway status");
    }
}
