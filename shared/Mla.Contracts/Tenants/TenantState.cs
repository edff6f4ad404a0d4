namespace Mla.Contracts.Tenants;

/// <summary>
/// Full state of one tenant (tenant = user cluster, so <paramref name="Id"/> is the cluster id). The certificate is
/// named by serial and expiry only: private keys and tokens never travel on the bus.
/// </summary>
public sealed record TenantState(
    string Id,
    string ClusterId,
    string Seed,
    string ProjectId,
    TenantStatus Status,
    TenantLimits Limits,
    string? CertificateSerial,
    DateTimeOffset? CertificateNotAfter,
    DateTimeOffset StatusChangedAt);
