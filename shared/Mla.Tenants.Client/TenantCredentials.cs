namespace Mla.Tenants.Client;

/// <summary>
/// The answer of <c>GET /internal/v1/tenants/{id}/credentials</c>: what goes into a user cluster — the current
/// certificate, its private key, the CA bundle that verifies the gateway's <b>server</b> certificate (empty: the
/// system trust store), the bearer token (for agents without mTLS) and where to write.
/// Secret: never log it, never put it on the bus.
/// </summary>
public sealed record TenantCredentials(string CertificatePem, string PrivateKeyPem, string CaBundlePem, string? BearerToken, string? GatewayUrl)
{
    /// <summary>Every CA the gateway trusts for the seed's <b>client</b> certificates (both generations across a rotation).</summary>
    public string ClientCaBundlePem { get; init; } = "";

    /// <summary>The tenant's read token: Grafana's datasources read this tenant (only) through the gateway's read path with it.</summary>
    public string? ReadToken { get; init; }
}
