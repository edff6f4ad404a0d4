using Mla.Hosting.Access;
using System.Text.Json;
using Mla.Contracts.Clusters;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;

namespace Mla.Webhooks.Clusters;

/// <summary>Read access to the clusters of the fleet catalog.</summary>
internal static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/clusters", async (string? seed, string? project, IFleetCatalog catalog, CancellationToken cancellationToken) =>
        {
            var entries = await catalog.ListAsync(new CatalogQuery(ObjectKind.Cluster, seed, project), cancellationToken);
            var items = entries.Select(ToView).ToList();
            return Results.Ok(new { items, count = items.Count });
        }).RequireViewer();
        endpoints.MapGet("/api/v1/clusters/{id}", async (string id, IFleetCatalog catalog, CancellationToken cancellationToken) =>
        {
            var entry = await catalog.GetAsync(ObjectKind.Cluster, id, cancellationToken);
            return entry is null || entry.Deleted
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cluster not found", detail: $"no cluster '{id}' in the fleet catalog")
                : Results.Ok(ToView(entry));
        }).RequireViewer();
        return endpoints;
    }

    private static ClusterView ToView(CatalogEntry entry)
    {
        var state = JsonSerializer.Deserialize<ClusterState>(entry.StateJson, KkpEventParser.StateJson)!;
        return new ClusterView(
            state.Id, state.Name, state.Seed, state.ProjectId, state.Phase, state.MonitoringEnabled, state.LoggingEnabled,
            state.Labels, entry.Time, entry.EventId, entry.KkpType);
    }
}
