using Microsoft.Extensions.Options;
using Mla.Hosting.Access;

namespace Mla.Webhooks.Resync;

/// <summary>
/// <c>POST /api/v1/resync</c> starts a re-publish of the fleet (409 naming the running one when the fleet-wide bound
/// is reached); <c>GET /api/v1/resync/{id}</c> shows a run's progress from the catalog database, on any replica.
/// </summary>
internal static class ResyncEndpoints
{
    public static IEndpointRouteBuilder MapResyncEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/resync", async (ResyncCoordinator coordinator, IOptions<WebhooksOptions> options, CancellationToken cancellationToken) =>
        {
            var result = await coordinator.StartAsync("api", notIfStartedWithin: null, cancellationToken);
            var run = result.Run;
            var status = StatusPath(run.Id);
            if (result.Outcome == ResyncStartOutcome.Started)
            {
                return Results.Accepted(status, new { id = run.Id, status });
            }

            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A resync is already running",
                detail: $"resync {run.Id} ({run.Trigger}, started {run.StartedAt:O} on {run.Runner}, {run.Published}/{run.Total} published) is running; " +
                    $"at most {options.Value.MaxConcurrentResyncs} at a time (Mla:Webhooks:MaxConcurrentResyncs)",
                extensions: new Dictionary<string, object?> { ["id"] = run.Id, ["location"] = status, ["running"] = result.RunningIds });
        }).RequireOperator();
        endpoints.MapGet("/api/v1/resync/{id}", async (string id, ResyncCoordinator coordinator, CancellationToken cancellationToken) =>
            await coordinator.FindAsync(id, cancellationToken) is { } run
                ? Results.Ok(run)
                : Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Resync not found",
                    detail: $"no resync '{id}' (the newest {ResyncRunStore.KeepRuns} are kept)"))
            .RequireViewer();
        return endpoints;
    }

    private static string StatusPath(string id) => $"/api/v1/resync/{id}";
}
