namespace Mla.Contracts.Tenants;

/// <summary>
/// One client CA of a seed that gateways trust for the seed's tenants: its generation (1 for the first, +1 per
/// rotation), SHA-1 thumbprint (hex, as X509Certificate2.Thumbprint prints it), expiry and PEM certificate (public).
/// </summary>
public sealed record SeedAuthority(int Generation, string Thumbprint, DateTimeOffset NotAfter, string CertificatePem);
