namespace Mla.Contracts.Tenants;

/// <summary>
/// Full state of one tenant (tenant = user cluster, so <paramref name="Id"/> is the cluster id). Certificates are
/// named by serial and expiry only and the bearer token by its SHA-256: private keys and tokens never travel on the
/// bus. <see cref="AcceptedCertificates"/> are the certificates a gateway accepts now (unrevoked, not expired:
/// after a renewal the old one stays until it expires); <paramref name="CertificateSerial"/> is the newest.
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
    DateTimeOffset StatusChangedAt)
{
    public IReadOnlyList<TenantCertificate> AcceptedCertificates { get; init; } = [];

    /// <summary>
    /// When the tenant's last deprovisioning started; null if never. A writer seeing a Ready tenant with this set
    /// drops its records older than <see cref="StatusChangedAt"/> (they belong to the deleted life, maybe purged).
    /// </summary>
    public DateTimeOffset? LastDeprovisionedAt { get; init; }

    /// <summary>Hex SHA-256 of the tenant's bearer token (for agents without mTLS); null when it has none.</summary>
    public string? TokenSha256 { get; init; }

    /// <summary>Hex SHA-256 of the tenant's read token (Grafana reads this tenant only with it); null when it has none or is not Ready.</summary>
    public string? ReadTokenSha256 { get; init; }
}
