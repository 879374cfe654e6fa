using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Slipway.AspNetCore.Status;

/// <summary>Serves the status as JSON or HTML, refusing to run unprotected by accident.</summary>
internal static class StatusEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!IsProtectedOrExplicitlyOpen(context))
        {
            Log.StatusUnprotected(services.GetRequiredService<ILoggerFactory>().CreateLogger("Slipway.AspNetCore"), context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("The Slipway status endpoint has no authorization policy. Map it with .RequireAuthorization(\"policy\") or .AllowAnonymous().", context.RequestAborted);
            return;
        }

        var status = await services.GetRequiredService<SchemaStatusReader>().ReadAsync(freshDrift: true, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        if (WantsJson(context.Request))
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await StatusJson.WriteAsync(context.Response.Body, status, context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(StatusHtml.Render(status), context.RequestAborted);
        }
    }

    private static bool IsProtectedOrExplicitlyOpen(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
        {
            return false;
        }

        return metadata.GetMetadata<IAllowAnonymous>() is not null
            || metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
            || metadata.GetOrderedMetadata<AuthorizationPolicy>().Count > 0
            || context.RequestServices.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
    }

    private static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
