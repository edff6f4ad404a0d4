using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tls;

namespace Mla.Gateway.Auth;

/// <summary>
/// Decides who is writing. A client certificate (verified against the configured CAs; tenant = CN) or a bearer token
/// (its SHA-256 looked up in the tenant table) names the tenant; an <c>X-Scope-OrgID</c> header that names another
/// tenant is refused (403), so a client can never choose its tenant. Without either, the header is taken only when
/// <c>Mla:Gateway:TrustTenantHeader</c> is on. Unknown tenant: 401; disabled tenant: 403.
/// </summary>
public sealed class TenantAuthenticator(
    ITenantDirectory directory, ClientCertificateVerifier verifier, ClientTrust trust, IOptions<GatewayOptions> options)
{
    public const string TenantHeader = "X-Scope-OrgID";
    private const int MaxTokenLength = 4096;

    private readonly bool _trustTenantHeader = options.Value.TrustTenantHeader;

    public AuthenticationResult Authenticate(X509Certificate2? clientCertificate, string? authorization, string? tenantHeader)
    {
        var table = directory.Current;
        string? claimed = null;
        string? source = null;
        Tenant? tenant = null;
        CertificateVerification? verdict = null;
        if (clientCertificate is not null)
        {
            verdict = verifier.Verify(clientCertificate);
            if (!verdict.IsValid)
            {
                return AuthenticationResult.Unauthenticated($"client certificate refused: {verdict.Failure}") with { ReconnectWithNewCertificate = true };
            }

            claimed = verdict.TenantId!;
            source = "client certificate";
        }

        if (!string.IsNullOrEmpty(authorization))
        {
            if (!TryReadBearer(authorization, out var token))
            {
                return AuthenticationResult.Unauthenticated("the Authorization header must be 'Bearer <token>'");
            }

            if (!table.TryFindByToken(TokenDigest.Of(token), out var owner))
            {
                return AuthenticationResult.Unauthenticated("unknown bearer token");
            }

            if (claimed is not null && claimed != owner.Id)
            {
                return AuthenticationResult.Forbidden($"the bearer token belongs to another tenant than the {source}");
            }

            claimed = owner.Id;
            source ??= "bearer token";
            tenant = owner;
        }

        if (tenantHeader is not null)
        {
            if (claimed is not null)
            {
                if (!string.Equals(tenantHeader, claimed, StringComparison.Ordinal))
                {
                    return AuthenticationResult.Forbidden($"{TenantHeader} names another tenant than the {source}");
                }
            }
            else if (!_trustTenantHeader)
            {
                return AuthenticationResult.Unauthenticated(
                    $"{TenantHeader} alone is not accepted here; authenticate with a client certificate or a bearer token");
            }
            else if (!TenantId.IsValid(tenantHeader))
            {
                return AuthenticationResult.Unauthenticated($"{TenantHeader} is not a valid tenant id");
            }
            else
            {
                claimed = tenantHeader;
            }
        }

        if (claimed is null)
        {
            return AuthenticationResult.Unauthenticated("no credentials: send a client certificate (mTLS) or 'Authorization: Bearer <token>'");
        }

        if (tenant is null && !table.TryGet(claimed, out tenant))
        {
            return AuthenticationResult.Unauthenticated($"unknown tenant '{claimed}'");
        }

        if (tenant.Disabled)
        {
            return AuthenticationResult.Forbidden($"tenant '{tenant.Id}' is {tenant.DisabledReason}");
        }

        if (verdict is null)
        {
            return AuthenticationResult.Success(tenant);
        }

        return CertificateRefusal(tenant, verdict) is { } refusal
            ? AuthenticationResult.Unauthenticated(refusal) with { ReconnectWithNewCertificate = true }
            : AuthenticationResult.Success(tenant) with
            {
                ReconnectWithNewCertificate = tenant.CurrentCertificateSerial is { } newest
                    && !string.Equals(newest, verdict.Serial, StringComparison.OrdinalIgnoreCase),
            };
    }

    /// <summary>
    /// For tenants of the tenant service: the certificate must chain to a CA trusted now for its own seed (not another seed's) and be
    /// one of the tenant's accepted certificates (revoked and replaced-and-expired ones are not).
    /// </summary>
    private string? CertificateRefusal(Tenant tenant, CertificateVerification verdict)
    {
        if (tenant.Seed is { } seed && !trust.Current.IsSeedAuthority(seed, verdict.RootThumbprint))
        {
            return $"the client certificate is not issued by a CA trusted for seed '{seed}'";
        }

        if (tenant.AcceptedCertificateSerials is { } accepted && (verdict.Serial is null || !accepted.Contains(verdict.Serial)))
        {
            return $"the client certificate {verdict.Serial} is revoked or not issued to tenant '{tenant.Id}'";
        }

        return null;
    }

    private static bool TryReadBearer(string authorization, out ReadOnlySpan<char> token)
    {
        const string scheme = "Bearer ";
        var value = authorization.AsSpan().Trim();
        token = default;
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = value[scheme.Length..].Trim();
        return token.Length is > 0 and <= MaxTokenLength;
    }
}
