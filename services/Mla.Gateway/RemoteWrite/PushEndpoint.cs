using Mla.Hosting.Logging;
using Serilog.Events;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// <c>POST /api/v1/push</c>: Prometheus remote write 1.0 (the path Mimir and Cortex use). Its request log line is
/// at Debug (a fleet pushes many times a second); refusals are logged by <see cref="PushHandler"/>.
/// </summary>
public static class PushEndpoint
{
    public const string Route = "/api/v1/push";

    public static IEndpointRouteBuilder MapPushEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Not an admin route: the push handler authenticates the tenant itself (client certificate or tenant token).
        endpoints.MapPost(Route, (HttpContext context, PushHandler handler) => handler.HandleAsync(context))
            .AllowAnonymous()
            .WithRequestLogLevel(LogEventLevel.Debug);
        return endpoints;
    }
}
