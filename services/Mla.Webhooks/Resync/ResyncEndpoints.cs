using Mla.Hosting.Access;
namespace Mla.Webhooks.Resync;

/// <summary><c>POST /api/v1/resync</c> starts a re-publish of the fleet; <c>GET /api/v1/resync/{id}</c> shows its progress.</summary>
internal static class ResyncEndpoints
{
    public static IEndpointRouteBuilder MapResyncEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/resync", (ResyncCoordinator coordinator) =>
        {
            var (run, started) = coordinator.Start("api");
            return Results.Accepted($"/api/v1/resync/{run.Id}", new { id = run.Id, started, status = $"/api/v1/resync/{run.Id}" });
        }).RequireOperator();
        endpoints.MapGet("/api/v1/resync/{id}", (string id, ResyncCoordinator coordinator) =>
            coordinator.Find(id) is { } run
                ? Results.Ok(new
                {
                    run.Id,
                    run.Trigger,
                    State = run.State.ToString(),
                    run.Total,
                    run.Published,
                    run.StartedAt,
                    run.FinishedAt,
                    run.Error,
                })
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Resync not found", detail: $"no resync '{id}' (the last 20 are kept)"))
            .RequireViewer();
        return endpoints;
    }
}
