using Mla.Hosting.Access;
using Mla.Rules.Status;

namespace Mla.Rules.Api;

/// <summary>
/// <c>GET /api/v1/clusters/{id}/rulegroups</c>, <c>…/rulegroups/{name}</c> and <c>…/alertmanager</c>: the sync
/// status (Synced, Pending, Invalid, Failed with the reason) of a cluster's rule groups and Alertmanager configuration.
/// </summary>
internal static class RuleGroupEndpoints
{
    public static IEndpointRouteBuilder MapRuleGroupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/clusters/{id}/rulegroups", (string id, StatusBoard board) =>
        {
            var items = board.ForCluster(id).Where(s => !s.Key.IsAlertmanagerConfig).Select(s => View(s.Key, s.Status)).ToList();
            return Results.Ok(new { items, count = items.Count });
        }).RequireViewer();
        endpoints.MapGet("/api/v1/clusters/{id}/rulegroups/{name}", (string id, string name, StatusBoard board) =>
            board.Get(StatusKey.Group(id, name)) is { } status
                ? Results.Ok(View(StatusKey.Group(id, name), status))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rule group not found", detail: $"no rule group '{name}' for cluster '{id}'"))
            .RequireViewer();
        endpoints.MapGet("/api/v1/clusters/{id}/alertmanager", (string id, StatusBoard board) =>
            board.Get(StatusKey.Alertmanager(id)) is { } status
                ? Results.Ok(View(StatusKey.Alertmanager(id), status))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cluster not found", detail: $"no Alertmanager configuration for cluster '{id}'"))
            .RequireViewer();
        return endpoints;
    }

    private static RuleGroupStatusView View(StatusKey key, SyncStatus status) =>
        new(key.Name, key.ClusterId, status.State.ToString(), status.Reason, status.Since);
}
