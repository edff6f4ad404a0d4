using Mla.Hosting.Access;
using Mla.Tenants.Store;

namespace Mla.Tenants.Api;

/// <summary>
/// <c>GET /api/v1/seeds/{seed}/ca</c>: the PEM certificate of the seed's client CA (public; gateways trust it for the
/// seed's tenants). 404 while the seed has no tenant yet, so no CA.
/// </summary>
internal static class SeedAuthorityEndpoint
{
    public static IEndpointRouteBuilder MapSeedAuthorityEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/seeds/{seed}/ca", async (string seed, ITenantStore store, CancellationToken cancellationToken) =>
        {
            var authority = await store.GetAuthorityAsync(seed, cancellationToken);
            return authority is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No CA for this seed", detail: $"seed '{seed}' has no CA yet (it has had no tenant)")
                : Results.Text(authority.CertificatePem, "application/x-pem-file");
        }).RequireViewer();
        return endpoints;
    }
}
