using Mla.Contracts.Tenants;

namespace Mla.Tenants.Api;

/// <summary>A tenant as the API shows it; the certificate is the newest one (serial and expiry, never the key).</summary>
internal sealed record TenantView(
    string Id,
    string ClusterId,
    string Seed,
    string ProjectId,
    string Status,
    TenantLimits Limits,
    TenantCertificateView? Certificate,
    DateTimeOffset StatusChangedAt);
