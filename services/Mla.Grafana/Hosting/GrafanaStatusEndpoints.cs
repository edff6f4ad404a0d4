using Microsoft.Extensions.Options;
using Mla.Grafana.Sync;
using Mla.Hosting.Access;

namespace Mla.Grafana.Hosting;

/// <summary><c>GET /api/v1/grafana/status</c> (does the sync run, last run, error) and <c>GET /api/v1/projects/{id}/grafana</c>.</summary>
internal static class GrafanaStatusEndpoints
{
    public static IEndpointRouteBuilder MapGrafanaStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/grafana/status", (IOptions<GrafanaOptions> options, GrafanaSyncStatus status, IServiceProvider services) => Results.Ok(new
        {
            sync = options.Value.Enabled ? "on" : "off",
            url = options.Value.Enabled ? options.Value.Url : null,
            reason = options.Value.Enabled ? null : "Mla:Grafana:Url is not set",
            lastSuccess = status.LastSuccess,
            lastAttempt = status.LastAttempt,
            lastWrites = status.LastWrites,
            lastError = status.LastError,
            authProxy = options.Value.AuthProxy,
            waitingForFirstLogin = options.Value.Enabled
                ? services.GetRequiredService<GrafanaSync>().Status.Values.SelectMany(p => p.WaitingForFirstLogin).Distinct(StringComparer.OrdinalIgnoreCase).Count()
                : 0,
            projects = options.Value.Enabled ? services.GetRequiredService<GrafanaSync>().Status.Count : 0,
        })).RequireViewer();
        endpoints.MapGet("/api/v1/projects/{id}/grafana", (string id, IOptions<GrafanaOptions> options, IServiceProvider services) =>
            options.Value.Enabled && services.GetRequiredService<GrafanaSync>().Status.TryGetValue(id, out var project)
                ? Results.Ok(project)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not synced", detail: options.Value.Enabled ? $"project '{id}' has not been synced" : "Grafana sync is off")).RequireViewer();
        return endpoints;
    }
}
