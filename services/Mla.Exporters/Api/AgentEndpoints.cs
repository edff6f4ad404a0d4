using Mla.Contracts.Agents;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;
using Mla.Hosting.Access;

namespace Mla.Exporters.Api;

/// <summary><c>GET /api/v1/clusters/{id}/agents</c> and <c>GET /api/v1/agents?status=&amp;seed=</c>: the agents' status per cluster.</summary>
internal static class AgentEndpoints
{
    public const string ClusterRoute = "/api/v1/clusters/{id}/agents";
    public const string ListRoute = "/api/v1/agents";

    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ClusterRoute, (string id, HealthBoard board, FleetState fleet) =>
        {
            if (board.Get(id) is { } state)
            {
                return Results.Ok(state);
            }

            // Known from its events but not worked on yet.
            return fleet.Get(id) is { Seed: { } seed }
                ? Results.Ok(new ClusterAgentsState(id, seed, AgentStatus.Pending, "not checked yet", new Dictionary<string, string>(), DateTimeOffset.UtcNow))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cluster not found", detail: $"no agents known for cluster '{id}'");
        }).RequireViewer();
        endpoints.MapGet(ListRoute, (string? status, string? seed, HealthBoard board) =>
        {
            AgentStatus? wanted = null;
            if (!string.IsNullOrEmpty(status))
            {
                if (!Enum.TryParse<AgentStatus>(status, ignoreCase: true, out var parsed))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad status", detail: $"status must be one of {string.Join(", ", Enum.GetNames<AgentStatus>())}");
                }

                wanted = parsed;
            }

            var items = board.All().Where(s => (wanted is null || s.Status == wanted) && (string.IsNullOrEmpty(seed) || s.Seed == seed)).ToList();
            return Results.Ok(new { items });
        }).RequireViewer();
        return endpoints;
    }
}
