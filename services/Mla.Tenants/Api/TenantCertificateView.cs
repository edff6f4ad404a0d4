namespace Mla.Tenants.Api;

internal sealed record TenantCertificateView(string Serial, DateTimeOffset NotAfter, DateTimeOffset? RevokedAt);
