namespace Mla.Tenants.Client;

/// <summary>
/// The answer of <c>GET /internal/v1/tenants/{id}/credentials</c>: what goes into a user cluster — the current
/// certificate, its private key, the CA bundle, the bearer token (for agents without mTLS) and where to write.
/// Secret: never log it, never put it on the bus.
/// </summary>
public sealed record TenantCredentials(string CertificatePem, string PrivateKeyPem, string CaBundlePem, string? BearerToken, string? GatewayUrl)
{
    /// <summary>The tenant's read token: Grafana's datasources read this tenant (only) through the gateway's read path with it.</summary>
    public string? ReadToken { get; init; }
}
