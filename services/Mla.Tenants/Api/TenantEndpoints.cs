using Mla.Contracts.Tenants;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Store;

namespace Mla.Tenants.Api;

/// <summary><c>GET /api/v1/tenants</c> (filters <c>seed</c>, <c>project</c>, <c>status</c>) and <c>GET /api/v1/tenants/{id}</c>.</summary>
internal static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/tenants", async (string? seed, string? project, string? status, ITenantStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            TenantStatus? wanted = null;
            if (status is not null)
            {
                if (!Enum.TryParse<TenantStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status", detail: $"status must be one of {string.Join(", ", Enum.GetNames<TenantStatus>())}");
                }

                wanted = parsed;
            }

            var tenants = await store.ListAsync(new TenantQuery(seed, project, wanted), cancellationToken);
            var items = new List<TenantView>(tenants.Count);
            foreach (var tenant in tenants)
            {
                items.Add(await ViewAsync(tenant, store, time, cancellationToken));
            }

            return Results.Ok(new { items, count = items.Count });
        });
        endpoints.MapGet("/api/v1/tenants/{id}", async (string id, ITenantStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var tenant = await store.GetAsync(id, cancellationToken);
            return tenant is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: $"no tenant '{id}'")
                : Results.Ok(await ViewAsync(tenant, store, time, cancellationToken));
        });
        return endpoints;
    }

    private static async Task<TenantView> ViewAsync(TenantRecord tenant, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var certificates = await store.ListCertificatesAsync(tenant.Id, cancellationToken);
        var state = TenantEventFactory.State(tenant, certificates, await store.GetTokenAsync(tenant.Id, cancellationToken), time.GetUtcNow());
        var newest = certificates.Count > 0 ? certificates[0] : null;
        return new TenantView(
            state.Id,
            state.ClusterId,
            state.Seed,
            state.ProjectId,
            state.Status,
            state.Limits,
            newest is null ? null : new TenantCertificateView(newest.Serial, newest.NotAfter, newest.RevokedAt),
            state.CertificateSerial,
            state.CertificateNotAfter,
            state.AcceptedCertificates,
            state.TokenSha256,
            state.StatusChangedAt,
            state.LastDeprovisionedAt);
    }
}
