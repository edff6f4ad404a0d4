namespace Mla.Tenants.Credentials;

/// <summary>
/// What the exporter service puts into the user cluster: the current certificate, its key, the CA bundle, the bearer
/// token (for agents without mTLS) and where to write.
/// </summary>
internal sealed record CredentialsResponse(string CertificatePem, string PrivateKeyPem, string CaBundlePem, string? BearerToken, string? GatewayUrl);
