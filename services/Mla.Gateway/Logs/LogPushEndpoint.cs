using Mla.Hosting.Logging;
using Serilog.Events;

namespace Mla.Gateway.Logs;

/// <summary>
/// <c>POST /loki/api/v1/push</c> (and Loki's legacy <c>/api/prom/push</c>): the Loki push API. Like the remote-write
/// endpoint, its request log line is at Debug; refusals are logged by <see cref="LogPushHandler"/>.
/// </summary>
public static class LogPushEndpoint
{
    public const string Route = "/loki/api/v1/push";
    public const string LegacyRoute = "/api/prom/push";

    public static IEndpointRouteBuilder MapLogPushEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Not admin routes: the handler authenticates the tenant itself (client certificate or tenant token).
        foreach (var route in new[] { Route, LegacyRoute })
        {
            endpoints.MapPost(route, (HttpContext context, LogPushHandler handler) => handler.HandleAsync(context))
                .AllowAnonymous()
                .WithRequestLogLevel(LogEventLevel.Debug);
        }

        return endpoints;
    }
}
