using Mla.Hosting.Access;
using Mla.Tenants.Client;

namespace Mla.Tenants.Credentials;

/// <summary>
/// The seeds' admin read tokens:
/// <list type="bullet">
/// <item><c>GET /internal/v1/seeds/{seed}/read-token</c> (internal): the token, created when the seed has none.</item>
/// <item><c>GET /api/v1/seeds/read-tokens</c> (viewer): each seed's token SHA-256, what gateways accept.</item>
/// </list>
/// </summary>
internal static class SeedReadTokenEndpoints
{
    public static IEndpointRouteBuilder MapSeedReadTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/internal/v1/seeds/{seed}/read-token", async (string seed, HttpResponse response, SeedReadTokens tokens, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(seed) || seed.Length > 253)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid seed", detail: "a seed name is 1 to 253 characters");
            }

            var token = await tokens.EnsureAsync(seed, cancellationToken);
            response.Headers.CacheControl = "no-store";
            return Results.Ok(new SeedReadToken(seed, token));
        }).RequireInternal();
        endpoints.MapGet("/api/v1/seeds/read-tokens", async (SeedReadTokens tokens, CancellationToken cancellationToken) =>
        {
            var items = (await tokens.ListAsync(cancellationToken)).Select(t => new SeedReadTokenDigest(t.TenantId, t.Sha256, t.IssuedAt)).ToList();
            return Results.Ok(new { items, count = items.Count });
        }).RequireViewer();
        return endpoints;
    }
}
