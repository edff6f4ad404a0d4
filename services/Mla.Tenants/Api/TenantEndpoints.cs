using Mla.Hosting.Access;
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

            // Three reads for the whole list, not two per tenant: gateways and writers read it in full.
            var query = new TenantQuery(seed, project, wanted);
            var tenants = await store.ListAsync(query, cancellationToken);
            var certificates = (await store.ListCertificatesAsync(query, cancellationToken)).ToLookup(c => c.TenantId, StringComparer.Ordinal);
            var tokens = (await store.ListTokensAsync(query, cancellationToken)).ToDictionary(t => t.TenantId, StringComparer.Ordinal);
            var readTokens = (await store.ListReadTokensAsync(query, cancellationToken)).ToDictionary(t => t.TenantId, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var items = tenants.Select(t => View(t, [.. certificates[t.Id]], tokens.GetValueOrDefault(t.Id), readTokens.GetValueOrDefault(t.Id), now)).ToList();
            return Results.Ok(new { items, count = items.Count });
        }).RequireViewer();
        endpoints.MapGet("/api/v1/tenants/{id}", async (string id, ITenantStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var tenant = await store.GetAsync(id, cancellationToken);
            return tenant is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: $"no tenant '{id}'")
                : Results.Ok(View(
                    tenant,
                    await store.ListCertificatesAsync(tenant.Id, cancellationToken),
                    await store.GetTokenAsync(tenant.Id, cancellationToken),
                    await store.GetReadTokenAsync(tenant.Id, cancellationToken),
                    time.GetUtcNow()));
        }).RequireViewer();
        return endpoints;
    }

    /// <summary>The API view of a tenant from its record, its certificates (newest first), its token and its read token.</summary>
    private static TenantView View(
        TenantRecord tenant, IReadOnlyList<CertificateRecord> certificates, TokenRecord? token, TokenRecord? readToken, DateTimeOffset now)
    {
        var state = TenantEventFactory.State(tenant, certificates, token, now);
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
            state.LastDeprovisionedAt)
        {
            ReadTokenSha256 = tenant.Status == TenantStatus.Ready ? readToken?.Sha256 : null,
        };
    }
}
