using System.Text;
using Mla.Hosting.Access;
using Mla.Tenants.Authorities;
using Mla.Tenants.Credentials;

namespace Mla.Tenants.Api;

/// <summary>
/// The seeds' client CAs (public: gateways trust them for the seed's tenants). 404 while the seed has no tenant yet,
/// so no CA:
/// <list type="bullet">
/// <item><c>GET /api/v1/seeds/{seed}/ca</c>: the PEM bundle of every CA trusted for the seed now, newest first.</item>
/// <item><c>GET /api/v1/seeds/{seed}/cas</c>: every CA of the seed (retired ones too) with its state, and the seed's rotations.</item>
/// </list>
/// </summary>
internal static class SeedAuthorityEndpoint
{
    public static IEndpointRouteBuilder MapSeedAuthorityEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/seeds/{seed}/ca", async (string seed, ISeedAuthorityStore store, CancellationToken cancellationToken) =>
        {
            var trusted = SeedAuthorities.Trusted(await store.ListAsync(seed, cancellationToken));
            if (trusted.Count == 0)
            {
                return NoAuthority(seed);
            }

            var bundle = new StringBuilder();
            foreach (var authority in trusted)
            {
                bundle.Append(authority.CertificatePem.TrimEnd()).Append('\n');
            }

            return Results.Text(bundle.ToString(), "application/x-pem-file");
        }).RequireViewer();
        endpoints.MapGet("/api/v1/seeds/{seed}/cas", async (string seed, ISeedAuthorityStore store, CancellationToken cancellationToken) =>
        {
            var authorities = await store.ListAsync(seed, cancellationToken);
            if (authorities.Count == 0)
            {
                return NoAuthority(seed);
            }

            var items = authorities.Select(a => SeedAuthorityView.From(a, SeedAuthorities.Describe(a))).ToList();
            var rotations = await store.ListRotationsAsync(seed, runningOnly: false, cancellationToken);
            return Results.Ok(new { seed, items, rotations });
        }).RequireViewer();
        return endpoints;
    }

    public static IResult NoAuthority(string seed) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No CA for this seed", detail: $"seed '{seed}' has no CA yet (it has had no tenant)");
}
