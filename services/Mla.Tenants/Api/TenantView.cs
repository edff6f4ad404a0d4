using Mla.Contracts.Tenants;

namespace Mla.Tenants.Api;

/// <summary>
/// A tenant as the API shows it: the fields of <see cref="TenantState"/> (what services following the tenants read,
/// e.g. the gateways' accepted certificates and token SHA-256) plus the newest certificate as an object for people.
/// Never a key or a token.
/// </summary>
internal sealed record TenantView(
    string Id,
    string ClusterId,
    string Seed,
    string ProjectId,
    TenantStatus Status,
    TenantLimits Limits,
    TenantCertificateView? Certificate,
    string? CertificateSerial,
    DateTimeOffset? CertificateNotAfter,
    IReadOnlyList<TenantCertificate> AcceptedCertificates,
    string? TokenSha256,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? LastDeprovisionedAt)
{
    /// <summary>SHA-256 of the tenant's read token (Ready tenants only).</summary>
    public string? ReadTokenSha256 { get; init; }
}
