using Mla.Hosting.Access;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Tenants.Authorities;
using Mla.Tenants.Client;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary><c>GET /internal/v1/tenants/{id}/credentials</c>: the only way a private key leaves the service.</summary>
internal static class CredentialsEndpoint
{
    public const string Route = "/internal/v1/tenants/{id}/credentials";

    public static IEndpointRouteBuilder MapCredentialsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, HandleAsync).RequireInternal();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        string id,
        HttpRequest request,
        ITenantStore store,
        ISeedAuthorityStore authorities,
        KeyEncryption encryption,
        TenantTokens tokens,
        IOptions<TenantsOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tenant = await store.GetAsync(id, cancellationToken);
        if (tenant is null || tenant.Status != TenantStatus.Ready)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: $"no Ready tenant '{id}'");
        }

        var now = time.GetUtcNow();
        var certificate = (await store.ListCertificatesAsync(id, cancellationToken))
            .FirstOrDefault(c => c.RevokedAt is null && c.Seed == tenant.Seed && now < c.NotAfter);
        // Every CA trusted for the seed: across a rotation, agents and tools that check with it accept either generation.
        var trusted = SeedAuthorities.Trusted(await authorities.ListAsync(tenant.Seed, cancellationToken));
        if (certificate is null || trusted.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No current certificate", detail: "the tenant is being reconciled; retry");
        }

        var der = encryption.Open(certificate.EncryptedKey, CertificateIssuer.KeyContext(certificate.Serial));
        try
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(der, out _);
            var bearer = await store.GetTokenAsync(id, cancellationToken);
            var read = await store.GetReadTokenAsync(id, cancellationToken);
            var response = new TenantCredentials(
                certificate.CertificatePem,
                key.ExportPkcs8PrivateKeyPem(),
                await GatewayCaBundle.ReadAsync(options.Value, tenant.Seed, cancellationToken),
                bearer is null ? null : tokens.Open(bearer),
                options.Value.GatewayUrl)
            {
                ClientCaBundlePem = string.Concat(trusted.Select(a => a.CertificatePem.TrimEnd() + "\n")),
                ReadToken = read is null ? null : tokens.OpenRead(read),
            };
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Ok(response);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }
}
