using Mla.Hosting.Access;
using Mla.Tenants.Authorities;

namespace Mla.Tenants.Api;

/// <summary>
/// <c>POST /api/v1/seeds/{seed}/ca/rotate</c> (202 with the rotation, 409 naming the running one, 404 for a seed
/// without a CA) and <c>GET /api/v1/seeds/{seed}/ca/rotations/{id}</c> (its state and progress).
/// </summary>
internal static class CaRotationEndpoints
{
    public static IEndpointRouteBuilder MapCaRotationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/seeds/{seed}/ca/rotate", async (string seed, SeedCaRotations rotations, CaRotationWakeUp wakeUp, CancellationToken cancellationToken) =>
        {
            var start = await rotations.StartAsync(seed, cancellationToken);
            switch (start.Outcome)
            {
                case CaRotationStartOutcome.UnknownSeed:
                    return SeedAuthorityEndpoint.NoAuthority(seed);
                case CaRotationStartOutcome.AlreadyRunning:
                    var running = start.Rotation!;
                    return Results.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: "A CA rotation of this seed is running",
                        detail: $"rotation {running.Id} of seed '{seed}' is {running.State} ({running.TenantsReissued}/{running.TenantsTotal} tenants re-issued); wait for it to complete",
                        extensions: new Dictionary<string, object?> { ["rotationId"] = running.Id, ["rotation"] = running });
                default:
                    wakeUp.Poke();
                    var rotation = start.Rotation!;
                    return Results.Accepted($"/api/v1/seeds/{Uri.EscapeDataString(seed)}/ca/rotations/{rotation.Id}", rotation);
            }
        }).RequireOperator();
        endpoints.MapGet("/api/v1/seeds/{seed}/ca/rotations/{id}", async (string seed, string id, ISeedAuthorityStore store, CancellationToken cancellationToken) =>
        {
            var rotation = await store.GetRotationAsync(id, cancellationToken);
            return rotation is null || rotation.Seed != seed
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rotation not found", detail: $"seed '{seed}' has no rotation '{id}'")
                : Results.Ok(rotation);
        }).RequireViewer();
        return endpoints;
    }
}
